"""Sign in as every demo role over HTTP against a running production server and load its home page.

Run by .ci/production-smoke (which starts gunicorn, the worker and beat). Standard library only: the
requests go as a TLS-terminating reverse proxy would pass them on (X-Forwarded-Proto: https, the client's
address in X-Forwarded-For), so the production settings apply unchanged: Secure cookies, the CSRF origin
check, the SSL redirect, the per-IP limits. Leaders and the administrator answer the two-factor step with
the code of the demo's known secret (demo/logins.py).
"""

import argparse
import base64
import hashlib
import hmac
import http.client
import re
import struct
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET

# Each role's home page: where GET / sends them after signing in.
HOMES = {
    "admin": "/",  # whatever its roles give; /admin/ is checked below
    "leader": "/leader/",
    "enforcement_leader": "/leader/",
    "supervisor": "/supervisor/",
    "student": "/student/",
    "school_supervisor": "/school/",
    "school_supervisor_helicon": "/school/",
    "sbb_adviser": "/sbb/",
    "coordinator": "/exchanges/coordination/",
}


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: six digits, 30-second steps, HMAC-SHA1 (what authenticator apps and allauth use)."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Browser:
    def __init__(self, base: str, client_ip: str):
        self.base, self.client_ip = base, client_ip
        self.host = urlsplit(base).netloc
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, referer: str | None = None):
        connection = http.client.HTTPConnection(self.host, timeout=60)
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "Accept-Language": "nl",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{referer or path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def follow(self, method: str, path: str, form: dict | None = None, referer: str | None = None):
        """The request and its redirects (at most 10); returns the last response, its body and path."""
        response, content = self.request(method, path, form, referer)
        for _ in range(10):
            if response.status not in (301, 302, 303):
                break
            location = urlsplit(urljoin(f"https://{self.host}{path}", response.headers["Location"]))
            if location.netloc != self.host:
                raise AssertionError(f"redirected off the site: {response.headers['Location']}")
            path = location.path + (f"?{location.query}" if location.query else "")
            response, content = self.request("GET", path)
        return response, content, path


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise AssertionError("no CSRF token on the page")
    return found.group(1)


def sign_in(base: str, role: str, email: str, number: int) -> str:
    browser = Browser(base, client_ip=f"203.0.113.{10 + number}")
    response, html = browser.request("GET", "/accounts/login/")
    assert response.status == 200, f"{role}: login page {response.status}"
    response, html, path = browser.follow(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(html), "login": email, "password": DEMO_PASSWORD},
    )
    if path.startswith("/accounts/2fa/authenticate/"):
        response, html, path = browser.follow(
            "POST", path, {"csrfmiddlewaretoken": csrf_token(html), "code": totp(DEMO_TOTP_SECRET)}
        )
    assert response.status == 200, f"{role}: {path} answered {response.status}"
    assert not path.startswith("/accounts/"), f"{role}: still at {path} after signing in"
    response, html, path = browser.follow("GET", "/")
    assert response.status == 200, f"{role}: home {path} answered {response.status}"
    assert path.startswith(HOMES[role]), f"{role}: home is {path}, expected {HOMES[role]}"
    assert "/accounts/logout/" in html, f"{role}: {path} does not show the signed-in menu"
    assert "no-store" in (response.headers.get("Cache-Control") or ""), f"{role}: {path} may be cached"
    if role == "admin":
        response, html, path = browser.follow("GET", "/admin/")
        assert response.status == 200 and path == "/admin/", f"admin: /admin/ gave {response.status} at {path}"
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="the gunicorn server, e.g. http://127.0.0.1:8765")
    base = parser.parse_args().url.rstrip("/")
    for number, (role, email) in enumerate(DEMO_LOGINS.items()):
        print(f"  {role:<28} {email:<32} -> {sign_in(base, role, email, number)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
