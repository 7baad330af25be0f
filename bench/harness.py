"""The measured items: a registry of small entries, each a name, a setup and what to time.

Three kinds of entry:

- PageEntry(name, setup): setup(ctx) returns (user, url). The page is timed through Django's test client
  and through gunicorn under concurrent load, its queries are counted, and two reference figures are
  taken in the same run: the raw SQL time of exactly the queries the page ran, and the bare view's time.
- JobEntry(name, setup): setup(ctx) returns a callable; it is timed (each run in a rolled-back
  transaction when `rollback=True`, so every repetition sees the same data).
- MemoryEntry(name, setup): setup(ctx) returns a callable; its peak RSS is measured in a forked child.

An entry whose code is not in this build has `available()` False and is reported as such, not faked.
"""

import math
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

NOT_AVAILABLE = "not available in this build"


def _has(dotted: str) -> bool:
    """Is `module.attribute` importable (the code of an entry present in this build)?"""
    module, _, attribute = dotted.rpartition(".")
    try:
        if find_spec(module) is None:
            return False
        mod = __import__(module, fromlist=[attribute])
    except ImportError:
        return False
    return hasattr(mod, attribute)


@dataclass
class Entry:
    name: str
    setup: Callable
    requires: tuple[str, ...] = ()  # dotted names that must exist, e.g. "placements.matching.match"

    def available(self) -> bool:
        return all(_has(name) for name in self.requires)


@dataclass
class PageEntry(Entry):
    pass


@dataclass
class JobEntry(Entry):
    repeat: int = 3
    rollback: bool = True


@dataclass
class MemoryEntry(Entry):
    pass


REGISTRY: list[Entry] = []


def register(entry: Entry) -> Entry:
    REGISTRY.append(entry)
    return entry


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(seconds: list[float]) -> dict:
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 2),
    }


def session_cookie(user) -> str:
    """A logged-in session made in the database, usable by the test client and by HTTP requests."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def client_for(cookie: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def _get(client: Client, url: str):
    """GET and read the whole body: a streamed response (exports) does its work while it is read.

    Reading to the end also closes it, as a WSGI server would (the test client wraps the iterator).
    """
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response


def time_client(client: Client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = _get(client, url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return times


def capture_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return [q["sql"] for q in ctx.captured_queries]


def time_raw_sql(statements: list[str], n: int) -> list[float]:
    """Re-execute the page's exact SQL with a raw cursor and fetch every row: the floor of its data."""
    selects = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    times = []
    for _ in range(n):
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the DB-API cursor, no Django wrapper
            started = time.perf_counter()
            for sql in selects:
                raw.execute(sql)
                raw.fetchall()
            times.append(time.perf_counter() - started)
    return times


def time_job(func: Callable, repeat: int, rollback: bool) -> list[float]:
    times = []
    for _ in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
            if rollback:
                transaction.set_rollback(True)
    return times


def measure_peak_rss(func: Callable) -> dict:
    """Run func in a forked child and report its peak resident memory (MiB) and seconds.

    Forking keeps the parent's memory out of the figure as far as possible: the child's baseline (its
    RSS before the call) is reported too, so growth = peak - baseline.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0
        try:
            connection.close()  # a fresh connection: never share the parent's socket
            baseline = _rss_now_mib()
            started = time.perf_counter()
            func()
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            message = f"{baseline:.1f} {peak:.1f} {seconds:.3f}"
        except Exception as exc:  # report, never hang the parent
            message = f"error {type(exc).__name__}: {exc}"
            code = 1
        os.write(write_fd, message.encode())
        os.close(write_fd)
        os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    if message.startswith("error"):
        return {"error": message}
    baseline, peak, seconds = (float(x) for x in message.split())
    return {"baseline_mib": baseline, "peak_mib": peak, "growth_mib": round(peak - baseline, 1), "seconds": seconds}


def _rss_now_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class PageResult:
    name: str
    url: str
    queries: int
    client: dict
    raw_sql: dict
    bare: dict
    http: dict | None = None
    bare_http: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """p95 through the test client over (raw SQL p95 + bare view p95)."""
        return self.client["p95_ms"] / (self.raw_sql["p95_ms"] + self.bare["p95_ms"])

    @property
    def http_ratio(self) -> float | None:
        if not self.http or not self.bare_http:
            return None
        return self.http["p95_ms"] / (self.raw_sql["p95_ms"] + self.bare_http["p95_ms"])
