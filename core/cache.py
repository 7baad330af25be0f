"""The shared cache (Redis in production), failing open to this process's memory while Redis is down.

Rate limits (allauth), TOTP single use and the sessions' cache all live in the default cache. Without this a
Redis outage turns every sign-in into a 500. With it each process answers from its own LocMemCache while
Redis cannot be reached: rate limits still count (per process instead of shared), sessions come from the
database, and the outage and the recovery are logged once each, not on every call.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _fail_open(name: str):
    def method(self, *args, **kwargs):
        return self.either(name, *args, **kwargs)

    method.__name__ = name
    return method


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache; a call that Redis cannot answer (down, timed out) is answered by LocMemCache."""

    RETRY_AFTER = 10.0  # seconds between tries of a Redis that was down: a hanging one costs a timeout each

    def __init__(self, server, params):
        super().__init__(server, params)
        memory = {key: value for key, value in params.items() if key in ("TIMEOUT", "KEY_PREFIX", "VERSION")}
        # One memory per process and server, shared by the threads (each thread has its own backend instance).
        self.memory = LocMemCache(f"fail-open:{server}", memory)
        self.down_until = None  # while Redis is taken for down: the time to try it again

    def either(self, name: str, *args, **kwargs):
        """RedisCache's `name`, or LocMemCache's while Redis cannot answer (tried again every RETRY_AFTER s)."""
        if self.down_until is not None and time.time() < self.down_until:
            return getattr(self.memory, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError:
            if self.down_until is None:
                logger.exception("Cache (Redis) unreachable: answering from this process's memory until it is back")
            self.down_until = time.time() + self.RETRY_AFTER
            return getattr(self.memory, name)(*args, **kwargs)
        if self.down_until is not None:
            logger.warning("Cache (Redis) reachable again")
            self.down_until = None
        return result

    # Every call of Django's cache API that reaches Redis (the others, get_or_set, decr ..., are built on these).
    add = _fail_open("add")
    get = _fail_open("get")
    set = _fail_open("set")
    touch = _fail_open("touch")
    delete = _fail_open("delete")
    get_many = _fail_open("get_many")
    has_key = _fail_open("has_key")
    incr = _fail_open("incr")
    set_many = _fail_open("set_many")
    delete_many = _fail_open("delete_many")
    clear = _fail_open("clear")
