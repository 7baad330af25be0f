"""Signing in while the shared cache (Redis) is down: it works, and the rate limit still counts, per process."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def redis_down(settings):
    """The production cache, pointed at a Redis that refuses connections; rate limits on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/5m/key", "login": "30/m/ip"}
    cache.clear()
    yield
    cache.clear()


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signing_in_works_while_the_cache_is_down(client, world, redis_down):
    response = _login(client, world.student.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.student.pk)
    assert client.get(reverse("home"), follow=True).status_code == 200  # the session is read back
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_the_rate_limit_still_counts_while_the_cache_is_down(client, world, redis_down):
    for _ in range(3):
        assert _login(client, world.student.email, "wrong-password").status_code == 200
    response = _login(client, world.student.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    codes = [error.code for error in response.context["form"].non_field_errors().as_data()]
    assert codes == ["too_many_login_attempts"]
