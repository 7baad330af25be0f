"""A leader enrols TOTP end to end and gets recovery codes; production settings switch MFA, secure cookies,
session expiry and rate limits on by themselves."""

import runpy
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from tests.factories import PASSWORD

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_leader_enrols_totp_and_then_has_recovery_codes(client, world, settings):
    settings.MFA_REQUIRED_FOR_LEADERS = True
    client.post(reverse("account_login"), {"login": world.leader.email, "password": PASSWORD})
    assert client.get(reverse("dashboards:leader_dashboard")).url == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    form = client.get(reverse("mfa_activate_totp")).context["form"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = client.post(reverse("mfa_activate_totp"), {"code": _current_code(form.secret)})

    assert done.status_code == 302
    kinds = set(Authenticator.objects.filter(user=world.leader).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200 and len(codes.context["unused_codes"]) >= 10
    assert client.get(reverse("dashboards:leader_dashboard")).status_code == 200


def test_totp_secrets_and_recovery_seeds_are_stored_encrypted(client, world, settings):
    """What allauth stores goes through accounts.adapters.MfaAdapter: the database has no usable secret, and
    the leader still signs in with the code of the secret they enrolled."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(world.leader, secret)
    seeds = RecoveryCodes.activate(world.leader).instance.data["seed"]
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=world.leader)}
    assert secret not in str(stored) and stored["totp"]["secret"].startswith("fernet:")
    assert seeds.startswith("fernet:")
    response = client.post(reverse("account_login"), {"login": world.leader.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.leader.pk)
    settings.MFA_ENCRYPTION_KEYS = ["b" * 43 + "="]  # another key: the stored secret is of no use
    with pytest.raises(ValueError, match="cannot be decrypted"):
        TOTP(Authenticator.objects.get(user=world.leader, type="totp")).validate_code(_current_code(secret))


def test_login_of_an_enrolled_leader_asks_for_the_code(client, world):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(world.leader, generate_totp_secret())
    response = client.post(reverse("account_login"), {"login": world.leader.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def _production(monkeypatch, tmp_path, **env) -> dict:
    """portal/settings.py evaluated with a production-like environment (plus `env`)."""
    for name in ("DEBUG", "MFA_REQUIRED_FOR_LEADERS", "SESSION_COOKIE_AGE", "REDIS_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "stageportaal.example.nl")
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_mfa_is_required_by_default_when_debug_is_off(monkeypatch, tmp_path):
    assert _production(monkeypatch, tmp_path)["MFA_REQUIRED_FOR_LEADERS"] is True


@pytest.mark.parametrize(
    ("env", "required"),
    [({"DEBUG": "1"}, False), ({"DEBUG": "1", "MFA_REQUIRED_FOR_LEADERS": "1"}, True)],
)
def test_mfa_requirement_follows_debug_unless_set(monkeypatch, tmp_path, env, required):
    assert _production(monkeypatch, tmp_path, **env)["MFA_REQUIRED_FOR_LEADERS"] is required


def test_production_cookies_are_secure_and_sessions_expire(monkeypatch, tmp_path):
    config = _production(monkeypatch, tmp_path)
    assert config["SESSION_COOKIE_SECURE"] and config["CSRF_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert config["SESSION_COOKIE_AGE"] == 8 * 3600
    assert _production(monkeypatch, tmp_path, SESSION_COOKIE_AGE="1800")["SESSION_COOKIE_AGE"] == 1800


def test_production_rate_limits_cover_login_and_password_reset(monkeypatch, tmp_path):
    limits = _production(monkeypatch, tmp_path)["ACCOUNT_RATE_LIMITS"]
    assert {"login", "login_failed", "reset_password", "reset_password_from_key"} <= set(limits)
    assert "/ip" in limits["login_failed"]
    assert "/key" not in limits["login_failed"]  # per account, it locked the owner out with the right password
    assert "/key" in limits["reset_password"]
    config = _production(monkeypatch, tmp_path)
    assert config["LOGIN_FAILURES_PER_ADDRESS_AND_IP"] == 5 and config["ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS"] is False
    proxied = _production(monkeypatch, tmp_path, TRUSTED_PROXY_COUNT="1")
    assert proxied["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


def test_a_session_ends_with_the_browser_and_after_the_cookie_age(client, world, settings):
    client.post(reverse("account_login"), {"login": world.student.email, "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert cookie["httponly"]
