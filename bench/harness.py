"""How the bench times things: repetitions after a warm-up, p50 as the headline and p95 beside it.

Every figure is a list of seconds of timed repetitions that come after untimed warm-ups (the first
request of a page fills the template cache, the first matching imports OR-Tools); `summary` gives its
n, p50, p95 and mean. Nothing here knows a page or a job: bench.entries says what is measured.
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
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MEMORY_TARGET_MB = 200  # decimal megabytes, as the issue states it (190.7 MiB)


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(seconds: list[float]) -> dict:
    return {
        "n": len(seconds),
        "p50_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 2),
    }


def repeat(func: Callable, n: int, warmup: int = 1) -> list[float]:
    """`warmup` untimed calls, then the seconds of n calls."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


# --- pages through Django's test client -------------------------------------------------------------


def session_cookie(user) -> str:
    """A signed-in session (as after the sign-in with password and, for a leader, TOTP), in the session
    store of the settings: cached_db, so in Redis and the database, readable by every gunicorn worker."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    # The settings' engine and model backend (an older checkout, served by bench.compare, had others).
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    backends = [b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in b]
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backends[0] if backends else "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def client_for(cookie: str):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def get(client, url: str, expect: int = 200):
    """GET and read the whole body (a streamed response does its work while it is read)."""
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    if response.status_code != expect:
        where = response.get("Location", "")
        raise RuntimeError(f"{url} answered {response.status_code} {where}, not {expect}")
    return response


def capture_queries(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get(client, url)
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

    A SELECT (or WITH) as it is; a server-side cursor's `DECLARE ... CURSOR FOR <query>` as its query (a
    streamed export fetched all its rows in chunks, so its SQL time is all of them fetched at once).
    """
    queries = []
    for sql in statements:
        query = _DECLARE.sub("", sql, count=1)
        if query.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
            queries.append(query)
    return queries


def run_sql(statements: list[str]) -> None:
    """Execute the statements with a raw DB-API cursor, fetching every row."""
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor
        for sql in statements:
            raw.execute(sql)
            raw.fetchall()


def run_statement(sql: str, params) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- EXPLAIN ---------------------------------------------------------------------------------------

BIG_TABLE_ROWS = 10_000


def table_rows() -> dict[str, int]:
    """Rows per table (the planner's statistics on PostgreSQL, COUNT(*) on SQLite)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE relkind = 'r' AND nspname = 'public'"
            )
            return dict(cursor.fetchall())
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


_SEQ_SCAN = {
    "postgresql": re.compile(r"(?:Parallel )?Seq Scan on (\w+)"),
    "sqlite": re.compile(r"\bSCAN (\w+)(?! USING (?:COVERING )?INDEX)(?!\w)"),
}


def explain(statements: list[str]) -> list[str]:
    """EXPLAIN (ANALYZE, FORMAT TEXT) of each statement on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from django.db import connection, transaction

    plans = []
    for sql in statements:
        prefix = (
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.cursor.execute(prefix + sql)
            rows = cursor.fetchall()
            transaction.set_rollback(True)
        if connection.vendor == "postgresql":
            plans.append("\n".join(row[0] for row in rows))
        else:
            plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


def sequential_scans(plans: list[str], rows: dict[str, int], threshold: int = BIG_TABLE_ROWS) -> list[str]:
    """The tables of more than `threshold` rows that a plan reads whole, e.g. 'placements_placement (40000)'."""
    from django.db import connection

    pattern = _SEQ_SCAN.get(connection.vendor)
    found = []
    for plan in plans:
        for table in pattern.findall(plan) if pattern else []:
            if rows.get(table, 0) > threshold:
                label = f"{table} ({rows[table]})"
                if label not in found:
                    found.append(label)
    return found


# --- processes: gunicorn and a Celery worker --------------------------------------------------------


class Gunicorn:
    """gunicorn with 2 workers on 127.0.0.1, the bench settings and the database of this process."""

    def __init__(self, port: int = 0, workers: int = 2):
        self.port = port or _free_port()
        self.workers, self.proc = workers, None

    def __enter__(self):
        import http.client

        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--log-level=warning",
        ]
        env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
                return self
            except OSError:
                time.sleep(0.3)
        self.proc.terminate()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def throughput(self, path: str, cookie: str, *, requests: int, threads: int, expect: int = 200) -> dict:
        """`requests` GETs over `threads` client threads, each on its own keep-alive-less connection per
        request (as gunicorn's sync workers close every connection): requests per second of the whole."""
        import http.client

        from django.conf import settings

        errors, lock = [], threading.Lock()
        headers = {"Host": "127.0.0.1", "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}

        def worker(count):
            for _ in range(count):
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status != expect:
                    with lock:
                        errors.append(response.status)

        shares = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]
        pool = [threading.Thread(target=worker, args=(n,)) for n in shares]
        started = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        seconds = time.perf_counter() - started
        if errors:
            raise RuntimeError(f"{path}: {len(errors)} of {requests} requests answered {errors[0]}, not {expect}")
        return {
            "requests": requests,
            "threads": threads,
            "seconds": round(seconds, 2),
            "rps": round(requests / seconds, 1),
        }


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CeleryWorker:
    """A real Celery worker (prefork, 1 process) on the bench's Redis broker and queue, on this process's
    database; started with the production settings, so a task runs as it runs in production."""

    def __init__(self, log_path: Path):
        self.log_path, self.proc = log_path, None

    def __enter__(self):
        from django.conf import settings

        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            f"--queues={queue}",
            f"--hostname=bench-{os.getpid()}@%h",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Celery worker stopped at start: see {self.log_path}")
            if "ready." in self.log_path.read_text(errors="replace"):
                return self
            time.sleep(0.3)
        raise RuntimeError(f"the Celery worker was not ready within 90 s: see {self.log_path}")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# --- a worker's memory, in a fresh process ------------------------------------------------------------


def peak_rss_of(func: Callable) -> dict:
    """Run func in this process: its RSS before (baseline), its peak RSS while it ran and seconds, in MiB.

    Meant for a fresh process (bench.memory). The peak is the kernel's high-water mark of this process's
    memory (VmHWM), reset just before the call (/proc/self/clear_refs), so it is the call's peak with all
    the process already held, and growth = peak - baseline is what the call itself added.
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


def _rss_now_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_memory(name: str, url: str | None = None, timeout: float = 1800, extra: list[str] = ()) -> dict:
    """Measure the memory entry `name` in a fresh process (`python -m bench.memory`) on the database
    `url` (DATABASE_URL when None). Returns the child's JSON, or {"error": ...} when it failed."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
    if url:
        env["DATABASE_URL"] = url
    cmd = [sys.executable, "-m", "bench.memory", name, *extra]
    try:
        done = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {"error": tail}
    return json.loads(lines[-1])


def wsgi_get(app, path: str, query: str, cookie: str) -> tuple[str, int, int]:
    """GET through the portal's WSGI application as a server calls it: iterate the body, then close it.

    Returns the status line, the bytes and the lines of the body; nothing of it is kept.
    """
    from wsgiref.util import setup_testing_defaults

    from django.conf import settings

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}",
    }
    setup_testing_defaults(environ)  # http, an empty wsgi.input
    status = []
    body = app(environ, lambda line, headers, exc_info=None: status.append(line))
    size = lines = 0
    try:
        for chunk in body:
            size += len(chunk)
            lines += chunk.count(b"\n")
    finally:
        body.close()
    return status[0], size, lines
