"""The measured items: a registry of small entries, each a name, a setup and what to time.

Three kinds of entry:

- PageEntry(name, setup): setup(ctx) returns (user, url). The page is timed through Django's test client
  and through gunicorn under concurrent load, its queries are counted, and two reference figures are
  taken in the same run: the raw SQL time of exactly the queries the page ran, and the bare view's time.
- JobEntry(name, setup): setup(ctx) returns a callable; it is timed (each run in a rolled-back
  transaction when `rollback=True`, so every repetition sees the same data).
- MemoryEntry(name, setup): setup(ctx) returns a callable. It is run in a fresh process, as a worker
  would run it (`python -m bench.memory <name>`, see bench/memory.py): the figure is that process's peak
  RSS beside its baseline (Django set up, nothing run yet), never the bench process's own data set.

Each kind has its target (issue #8): a page within 2x its references, matching under 2 s, a daily job
under 5 s, a worker under 200 MB. The run flags every figure against it.

An entry whose code is not in this build has `available()` False and is reported as such, not faked.
"""

import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

NOT_AVAILABLE = "not available in this build"
PAGE_RATIO_TARGET = 2.0  # page p95 over (raw SQL p95 + bare view p95)
MATCHING_TARGET_S = 2.0
JOB_TARGET_S = 5.0
MEMORY_TARGET_MB = 200  # decimal megabytes, as the issue states it (190.7 MiB)
BASE_DIR = Path(__file__).resolve().parent.parent


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
    requires: tuple[str, ...] = ()  # dotted names that must exist, e.g. "rounds.matching.match"

    def available(self) -> bool:
        return all(_has(name) for name in self.requires)


@dataclass
class PageEntry(Entry):
    pass


@dataclass
class JobEntry(Entry):
    repeat: int = 3
    rollback: bool = True
    target_s: float = JOB_TARGET_S  # p95


@dataclass
class MemoryEntry(Entry):
    target_mb: float = MEMORY_TARGET_MB  # peak RSS of the worker process


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


BARE_URL = "/__bench__/bare/"


def shares(n: int, threads: int) -> list[int]:
    """n runs spread over `threads` threads as evenly as possible."""
    return [n // threads + (1 if i < n % threads else 0) for i in range(threads)]


def time_interleaved(client: Client, url: str, statements: list[str], n: int) -> tuple[list, list, list]:
    """The page, its raw SQL and the bare view, timed in turn n times: a pause of the machine (a
    checkpoint, another process) falls on the three alike instead of on the one block that ran then."""
    page, raw, bare = [], [], []
    for _ in range(n):
        page += time_client(client, url, 1)
        raw += time_raw_sql(statements, 1)
        bare += time_client(client, BARE_URL, 1)
    return page, raw, bare


def time_raw_sql_concurrently(statements: list[str], n: int, threads: int) -> list[float]:
    """The raw SQL under the HTTP run's concurrency: `threads` connections at once, n runs in all.

    The reference of the HTTP figures, whose page and bare view are timed under that load as well: on a
    machine of few cores the load slows the database too, and the page's own SQL is part of its time.
    """
    times, errors, lock = [], [], threading.Lock()

    def worker(count):
        try:
            mine = time_raw_sql(statements, count)
        except Exception as error:  # raised again in the calling thread
            mine = []
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection
        with lock:
            times.extend(mine)

    pool = [threading.Thread(target=worker, args=(count,)) for count in shares(n, threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return times


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


# A server-side cursor as Django opens one on Postgres for QuerySet.iterator(): the statement logged is
# the DECLARE, its FETCHes are not logged at all (the debug cursor wraps execute only).
_DECLARE = re.compile(
    r"^\s*DECLARE\s+(?:\"[^\"]*\"|\S+)\s+(?:(?:BINARY|ASENSITIVE|INSENSITIVE|NO\s+SCROLL|SCROLL)\s+)*"
    r"CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+",
    re.IGNORECASE,
)


def data_queries(statements: list[str]) -> list[str]:
    """The statements of a page that read data, each as the plain query whose every row the page read.

    A SELECT (or WITH) as it is; a server-side cursor's `DECLARE ... CURSOR FOR <query>` as its query: the
    page fetched all its rows in chunks (a streamed export), so the reference fetches them all at once.
    The same rule for every page, on SQLite (iterator() is a plain cursor there) and on Postgres.
    """
    queries = []
    for sql in statements:
        query = _DECLARE.sub("", sql, count=1)
        if query.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
            queries.append(query)
    return queries


def time_raw_sql(statements: list[str], n: int) -> list[float]:
    """Re-execute the page's exact SQL with a raw cursor and fetch every row: the floor of its data."""
    selects = data_queries(statements)
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


def settle() -> None:
    """What autovacuum does between two daily runs in production, done now (PostgreSQL only).

    A rolled-back repetition leaves its 20,000 inserted rows behind as dead tuples, and the planner scales
    its row estimates by the grown table: the next repetition would probe bloated unique indexes and plan
    joins on estimates that no production day sees. VACUUM ANALYZE removes the dead rows and refreshes the
    statistics (also after a job's setup, which loads the finished rounds' requests). Not timed.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def time_job(func: Callable, repeat: int, rollback: bool) -> list[float]:
    times = []
    settle()
    for _ in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
            if rollback:
                transaction.set_rollback(True)
        settle()
    return times


def peak_rss_of(func: Callable) -> dict:
    """Run func in this process: its RSS before (baseline), its peak RSS while it ran and seconds, in MiB.

    Meant for a fresh process (bench.memory). The peak is the kernel's high-water mark of this process's
    memory (VmHWM), reset just before the call (/proc/self/clear_refs), so it is the call's peak with all
    the process already held, and growth = peak - baseline is what the call itself added. Not
    ru_maxrss: it survives exec, so a child started by the bench process (200+ MiB) would report that.
    """
    baseline = _rss_now_mib()
    reset = _reset_peak()
    started = time.perf_counter()
    extra = func()  # None, or a dict of what it did (rows)
    seconds = time.perf_counter() - started
    peak = _status_mib("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "baseline_mib": round(baseline, 1),
        "peak_mib": round(peak, 1),
        "growth_mib": round(peak - baseline, 1),
        "seconds": round(seconds, 3),
        "peak_of": "the call (VmHWM)" if reset else "the process (ru_maxrss)",
        **(extra or {}),
    }


def _reset_peak() -> bool:
    """Reset this process's peak RSS to its current RSS (Linux 4.0+); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return _status_mib("VmHWM") is not None
    except OSError:
        return False


def _status_mib(field: str) -> float | None:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    return None


def measure_memory(name: str, timeout: float = 1800) -> dict:
    """Measure the memory entry `name` in a fresh process on the same database (`python -m bench.memory`).

    The bench process holds the generated data set and the matching instance (200+ MiB): a fork would
    start there, a worker does not. Returns the child's JSON, or {"error": ...} when it failed.
    """
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings", "PORTAL_BENCH": "1"}
    cmd = [sys.executable, "-m", "bench.memory", name]
    try:
        done = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {"error": tail}
    return json.loads(lines[-1])


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
    raw_sql_load: dict | None = None  # the raw SQL under the HTTP run's concurrency
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """p95 through the test client over (raw SQL p95 + bare view p95)."""
        return self.client["p95_ms"] / (self.raw_sql["p95_ms"] + self.bare["p95_ms"])

    @property
    def http_ratio(self) -> float | None:
        """p95 through gunicorn under load over (raw SQL p95 + bare view p95), both under the same load."""
        if not self.http or not self.bare_http or not self.raw_sql_load:
            return None
        return self.http["p95_ms"] / (self.raw_sql_load["p95_ms"] + self.bare_http["p95_ms"])
