"""The production cache fails open: a Redis that is down is answered from the process's memory, logged once."""

import logging
import runpy
from unittest import mock

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from core.cache import FailOpenRedisCache

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # port 1: the connection is refused at once


def test_a_redis_that_is_down_is_answered_from_memory_and_logged_once(caplog):
    cache = FailOpenRedisCache(NOBODY_LISTENS, {"OPTIONS": {"socket_connect_timeout": 1}})
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("attempts", []) == []
        cache.set("attempts", [1, 2])
        assert cache.get("attempts") == [1, 2]
        assert cache.add("lock", True, 5) is True
        assert cache.add("lock", True, 5) is False  # a lock still locks, within this process
        assert cache.get_or_set("count", 0) == 0
        assert cache.incr("count") == 1
        cache.delete("lock")
        assert not cache.has_key("lock")
    assert [r.getMessage() for r in caplog.records] == [
        "Cache (Redis) unreachable: answering from this process's memory until it is back"
    ]


def test_the_memory_is_shared_by_the_threads_of_a_process():
    """Django gives each thread its own cache object; a rate limit must still count every thread's tries."""
    one, other = (FailOpenRedisCache(NOBODY_LISTENS, {}) for _ in range(2))
    one.set("login_failed:ip", 3)
    assert other.get("login_failed:ip") == 3


def test_redis_is_tried_again_after_a_while_and_its_return_logged(caplog, time_machine):
    time_machine.move_to("2026-11-23 08:00", tick=False)
    cache = FailOpenRedisCache(NOBODY_LISTENS, {})
    outage = RedisConnectionError("Timeout connecting to server")
    with (
        mock.patch.object(RedisCache, "get", side_effect=[outage, "from redis"]) as redis_get,
        caplog.at_level(logging.WARNING, logger="core.cache"),
    ):
        assert cache.get("key", "default") == "default"
        time_machine.shift(FailOpenRedisCache.RETRY_AFTER - 1)
        assert cache.get("key", "default") == "default"  # from memory, without waiting for Redis's timeout
        assert redis_get.call_count == 1
        time_machine.shift(1)
        assert cache.get("key") == "from redis"
    assert redis_get.call_count == 2
    assert [r.levelname for r in caplog.records] == ["ERROR", "WARNING"]
    assert caplog.records[1].getMessage() == "Cache (Redis) reachable again"


def test_production_uses_the_fail_open_cache_with_short_timeouts(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    production = runpy.run_path(str(settings.BASE_DIR / "portal" / "settings.py"))
    default = production["CACHES"]["default"]
    assert default["BACKEND"] == "core.cache.FailOpenRedisCache"
    assert default["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 1}
