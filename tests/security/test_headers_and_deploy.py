"""Production settings pass check --deploy; every page carries a strict CSP and the other security headers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _assert_check_deploy_is_clean(env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "MFA_ENCRYPTION_KEYS": "changeMeWithFernetGenerateKeyInProduction00=",
        "ALLOWED_HOSTS": "stageportaal.example.nl",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    _assert_check_deploy_is_clean(env)


def test_docker_compose_environment_passes_check_deploy(tmp_path):
    """deploy/compose.env, docker-compose's environment (behind its TLS proxy), passes the same check: it
    warned (security.W008) while it switched the SSL redirect off to serve plain HTTP."""
    compose = {}
    for line in (ROOT / "deploy" / "compose.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            compose[name] = value
    assert "SECURE_SSL_REDIRECT" not in compose and compose["TRUSTED_PROXY_COUNT"] == "1"
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "SECURE_", "DATABASE_"))}
    env = {**keep, **compose, "DJANGO_SETTINGS_MODULE": "portal.settings", "PORTAL_VAR_DIR": str(tmp_path)}
    _assert_check_deploy_is_clean(env)


def test_pages_send_the_security_headers(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("dashboards:leader_dashboard"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_sessions_end_with_the_browser_and_cookies_are_http_only():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.ACCOUNT_PREVENT_ENUMERATION is True


INLINE = [re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), re.compile(r"\sstyle=", re.I), re.compile(r"<style", re.I)]


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        if ".venv" in template.parts or "admin" in template.parts:
            continue
        text = template.read_text()
        offenders += [f"{template.relative_to(ROOT)}: {p.pattern}" for p in INLINE if p.search(text)]
    assert not offenders, offenders


def test_a_broken_or_missing_mfa_key_is_found_by_check(settings):
    from accounts.checks import mfa_encryption_keys_set, mfa_encryption_keys_valid

    settings.MFA_ENCRYPTION_KEYS = ["not-a-key"]
    assert [error.id for error in mfa_encryption_keys_valid(None)] == ["accounts.E001"]
    settings.MFA_ENCRYPTION_KEYS = []
    assert [warning.id for warning in mfa_encryption_keys_set(None)] == ["accounts.W001"]
