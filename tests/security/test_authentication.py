"""Login and reset are rate-limited and do not reveal who has an account; leaders and admins must use MFA."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip", "reset_password": "20/m/ip,3/m/key"}
    settings.LOGIN_FAILURES_PER_ADDRESS_AND_IP = 3
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def _error_codes(response):
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def test_repeated_failures_slow_that_address_from_that_ip_down(client, world, rate_limits):
    for _ in range(3):
        response = _login(client, world.student.email, "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = _login(client, world.student.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert _error_codes(response) == ["too_many_login_attempts"]


@pytest.mark.parametrize("persona", ["student", "admin"])
def test_a_guesser_elsewhere_does_not_lock_the_owner_out(client, world, rate_limits, persona):
    """Five wrong passwords used to lock any account, the administrator's too, against the right password."""
    email = getattr(world, persona).email
    for _ in range(6):
        _login(client, email, "wrong-password", ip="198.51.100.66")
    response = _login(client, email, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302, _error_codes(response)
    assert client.session["_auth_user_id"] == str(getattr(world, persona).pk)


def test_the_per_ip_limit_counts_the_client_behind_the_proxy(client, world, rate_limits, settings):
    """With ALLAUTH_TRUSTED_PROXY_COUNT the limit reads X-Forwarded-For: one client's failures through the
    proxy do not lock out everyone else coming through the same proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for number in range(12):
        client.post(
            reverse("account_login"),
            {"login": f"guess{number}@example.nl", "password": "x"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    response = client.post(
        reverse("account_login"),
        {"login": world.student.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.student.pk)


def test_login_works_without_the_failures(client, world, rate_limits):
    response = _login(client, world.student.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.student.pk)


def test_password_reset_is_rate_limited(client, world, rate_limits):
    statuses = [
        client.post(reverse("account_reset_password"), {"email": world.student.email}).status_code for _ in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert 429 in statuses[3:] or len(mail.outbox) <= 3


def _normalised(response):
    return response.status_code, response.get("Location"), response.content


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, world):
    known = client.post(reverse("account_reset_password"), {"email": world.student.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody-here@example.nl"})
    assert _normalised(known) == _normalised(unknown)
    assert client.get(known["Location"]).status_code == 200


def test_failed_login_says_the_same_for_unknown_and_known_addresses(client, world):
    known = _login(client, world.student.email, "wrong-password")
    unknown = _login(client, "nobody-here@example.nl", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_LEADERS = True


@pytest.mark.parametrize("persona", ["leader", "admin"])
def test_leader_or_admin_without_totp_is_sent_to_enrolment(client, world, mfa_required, persona):
    response = _login(client, getattr(world, persona).email, PASSWORD)
    assert response.status_code == 302, response.context["form"].errors
    response = client.get(reverse("dashboards:leader_dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # allauth asks for the password again before showing the QR code; that page is reachable too.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    client.post(asked.url, {"password": PASSWORD})
    enrolment = client.get(reverse("mfa_activate_totp"))
    assert enrolment.status_code == 200
    assert "totp_svg" in enrolment.context or "form" in enrolment.context
    assert client.get(reverse("account_logout")).status_code == 200


def test_admin_site_also_requires_enrolment(client, world, mfa_required):
    client.force_login(world.admin)
    assert client.get(reverse("admin:index")).url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("path", ["dashboards:leader_dashboard", "placements:placement_export", "admin:index"])
def test_a_script_name_header_does_not_skip_enrolment(client, world, mfa_required, path):
    """request.path begins with SCRIPT_NAME, which gunicorn takes from a request header; the gate reads
    path_info, so "SCRIPT_NAME: /accounts" no longer makes a page look like enrolment."""
    client.force_login(world.admin if path == "admin:index" else world.leader)
    response = client.get(reverse(path), SCRIPT_NAME="/accounts")
    assert response.status_code == 302
    assert response.url.endswith(reverse("mfa_activate_totp"))


def test_password_reset_mails_only_known_addresses(client, world):
    client.post(reverse("account_reset_password"), {"email": "nobody-here@example.nl"})
    assert mail.outbox == []
    client.post(reverse("account_reset_password"), {"email": world.student.email})
    assert [message.to for message in mail.outbox] == [[world.student.email]]


def test_leader_with_totp_passes(client, world, mfa_required):
    TOTP.activate(world.leader, generate_totp_secret())
    client.force_login(world.leader)
    assert client.get(reverse("dashboards:leader_dashboard")).status_code == 200


@pytest.mark.parametrize("persona", ["student", "supervisor"])
def test_students_and_supervisors_are_not_forced(client, world, mfa_required, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home")).url != reverse("mfa_activate_totp")


def test_switched_off_by_the_setting(client, world, settings):
    settings.MFA_REQUIRED_FOR_LEADERS = False
    client.force_login(world.leader)
    assert client.get(reverse("dashboards:leader_dashboard")).status_code == 200


def test_totp_and_recovery_codes_are_the_supported_types(settings):
    assert set(settings.MFA_SUPPORTED_TYPES) == {"totp", "recovery_codes"}
