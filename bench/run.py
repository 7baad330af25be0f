"""`make bench`: generate the data set into a dedicated database and measure every registered entry.

    python -m bench.run                      # SQLite in var/bench.sqlite3, full scale
    BENCH_SCALE=0.1 python -m bench.run      # a quick run
    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.run

The database is dropped and rebuilt every run; its name must contain "bench" so a developer's database
is never touched. Prints a table (pages, jobs, worker memory, each passed or failed against its target)
and writes bench/results/<timestamp>.json. The memory entries run in fresh processes (bench/memory.py).
"""

import argparse
import gc
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}"


def prepare_database(url: str) -> None:
    """Drop and recreate the bench database (a file for SQLite, a database for Postgres)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to use {url}: the bench database's name must contain 'bench'.")
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path if url.startswith("sqlite:////") else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def existing_database_url() -> str:
    """The bench database a run left behind (DATABASE_URL, or the default file), for the tools that read it."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if url.startswith("sqlite") and not Path(urlsplit(url).path).is_file():
        sys.exit(f"No bench database at {url}: run `make bench` (or python -m bench.run) first.")
    return url


def small_url(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path
    if parts.scheme.startswith("sqlite"):
        return urlunsplit(parts._replace(path=path.replace(".sqlite3", "_small.sqlite3")))
    return urlunsplit(parts._replace(path=path + "_small"))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["PORTAL_BENCH"] = "1"
    import django

    django.setup()


class Gunicorn:
    """gunicorn with 2 workers on 127.0.0.1, same settings and database as the run."""

    def __init__(self, port: int = 8765, workers: int = 2):
        self.port, self.workers, self.proc = port, workers, None

    def __enter__(self):
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
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/__bench__/bare/", None)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=20)

    def get(self, path: str, cookie: str | None) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1"}
        if cookie:
            from django.conf import settings

            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    def load(self, path: str, cookie: str, requests: int, threads: int) -> list[float]:
        """A bounded loop: `requests` GETs spread over `threads` threads; the time of each."""
        times, errors, lock = [], [], threading.Lock()

        def worker(count):
            for _ in range(count):
                started = time.perf_counter()
                status = self.get(path, cookie)
                elapsed = time.perf_counter() - started
                with lock:
                    (times if status == 200 else errors).append(elapsed if status == 200 else status)

        from bench.harness import shares

        pool = [threading.Thread(target=worker, args=(n,)) for n in shares(requests, threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        if errors:
            raise RuntimeError(f"{path}: {len(errors)} requests failed, e.g. status {errors[0]}")
        return times


def measure(args, log=print) -> dict:
    from django.core.management import call_command

    from bench import entries  # noqa: F401 (registers the entries)
    from bench.generate import generate
    from bench.harness import (
        BARE_URL,
        NOT_AVAILABLE,
        PAGE_RATIO_TARGET,
        REGISTRY,
        JobEntry,
        MemoryEntry,
        PageEntry,
        PageResult,
        capture_queries,
        client_for,
        measure_memory,
        session_cookie,
        summary,
        time_client,
        time_interleaved,
        time_job,
        time_raw_sql_concurrently,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"  migrate {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    ctx = generate(scale=args.scale, log=log)
    generate_seconds = time.perf_counter() - started
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The generated rows this process still holds are no worker's: frozen out of the garbage collector, a
    # full collection during a timed request walks only what a worker would hold too.
    gc.collect()
    gc.freeze()
    out = {"sizes": ctx["sizes"], "generate_seconds": round(generate_seconds, 1), "pages": [], "jobs": [], "memory": []}
    pages = []
    for entry in REGISTRY:
        if not isinstance(entry, PageEntry):
            continue
        target = entry.setup(ctx) if entry.available() else None
        if target is None:
            out["pages"].append({"name": entry.name, "status": NOT_AVAILABLE})
            continue
        user, url = target
        cookie = session_cookie(user)
        client = client_for(cookie)
        time_client(client, url, 3)  # warm up
        statements = capture_queries(client, url)
        page, raw, bare = time_interleaved(client, url, statements, args.requests)
        result = PageResult(
            name=entry.name,
            url=url,
            queries=len(statements),
            client=summary(page),
            raw_sql=summary(raw),
            bare=summary(bare),
        )
        if not args.no_http:
            result.raw_sql_load = summary(time_raw_sql_concurrently(statements, args.http_requests, args.threads))
        pages.append((result, cookie))
    if pages and not args.queries_only and not args.no_http:
        connection.close()
        with Gunicorn() as server:
            cookie = pages[0][1]
            server.load(BARE_URL, cookie, 20, args.threads)  # warm both workers
            bare_http = summary(server.load(BARE_URL, cookie, args.http_requests, args.threads))
            for result, cookie in pages:
                server.load(result.url, cookie, 4, args.threads)
                result.http = summary(server.load(result.url, cookie, args.http_requests, args.threads))
                result.bare_http = bare_http
    for result, _ in pages:
        out["pages"].append(
            {
                "name": result.name,
                "url": result.url,
                "queries": result.queries,
                "client": result.client,
                "http": result.http,
                "raw_sql": result.raw_sql,
                "raw_sql_load": result.raw_sql_load,
                "bare": result.bare,
                "bare_http": result.bare_http,
                "ratio": round(result.ratio, 2),
                "http_ratio": round(result.http_ratio, 2) if result.http_ratio else None,
                "pass": result.ratio <= PAGE_RATIO_TARGET and (result.http_ratio or 0) <= PAGE_RATIO_TARGET,
            }
        )
    if args.queries_only or args.pages_only:
        return out
    for entry in REGISTRY:
        if isinstance(entry, JobEntry):
            if not entry.available():
                out["jobs"].append({"name": entry.name, "status": NOT_AVAILABLE})
                continue
            func = entry.setup(ctx)
            times = summary(time_job(func, entry.repeat, entry.rollback))
            passed = times["p95_ms"] < entry.target_s * 1000
            out["jobs"].append({"name": entry.name, **times, "target_s": entry.target_s, "pass": passed})
        elif isinstance(entry, MemoryEntry):
            if not entry.available():
                out["memory"].append({"name": entry.name, "status": NOT_AVAILABLE})
                continue
            connection.close()  # the child opens its own; the figures are its own process's
            figures = measure_memory(entry.name)
            if "peak_mib" in figures:
                figures |= {"target_mb": entry.target_mb, "pass": figures["peak_mib"] * 2**20 < entry.target_mb * 1e6}
            out["memory"].append({"name": entry.name, **figures})
    return out


def small_query_counts(args, url: str) -> dict:
    """Query counts of each page on a 100-student data set, in a child process with its own database."""
    small = small_url(url)
    prepare_database(small)
    env = os.environ | {"DATABASE_URL": small}
    cmd = [sys.executable, "-m", "bench.run", "--queries-only", "--scale", "0.01", "--requests", "3", "--json"]
    done = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return {p["name"]: p.get("queries") for p in data["pages"]}


def ms(value) -> str:
    return f"{value:8.1f}" if value is not None else "       –"


def verdict(row: dict) -> str:
    if "status" in row:
        return ""
    if "error" in row:
        return "ERROR"
    return "pass" if row["pass"] else "FAIL"


def print_table(out: dict, small_counts: dict, db: str) -> None:
    from bench.harness import JOB_TARGET_S, MATCHING_TARGET_S, MEMORY_TARGET_MB, PAGE_RATIO_TARGET

    sizes = out["sizes"]
    print(f"\nBench on {db}: {sizes} — generated in {out['generate_seconds']} s")
    header = (
        f"{'page':34} {'q@100':>5} {'q@full':>6} {'client p50':>10} {'p95':>8} {'http p50':>8} {'p95':>8}"
        f" {'raw SQL p95':>11} {'bare p95':>8} {'raw load':>8} {'bare http':>9} {'ratio':>6} {'http':>6}"
        f" {'target':>6}"
    )
    print(header)
    print("-" * len(header))
    small = "?" if small_counts else "–"  # – : the 100-student run was skipped (--no-small)
    for p in out["pages"]:
        if "status" in p:
            print(f"{p['name']:34} {p['status']}")
            continue
        http_ = p["http"] or {}
        bare_http = p["bare_http"] or {}
        raw_load = p.get("raw_sql_load") or {}
        http_ratio = f"{p['http_ratio']:6.2f}" if p["http_ratio"] else "     –"
        print(
            f"{p['name']:34} {small_counts.get(p['name'], small):>5} {p['queries']:>6} {ms(p['client']['p50_ms']):>10}"
            f" {ms(p['client']['p95_ms'])} {ms(http_.get('p50_ms'))} {ms(http_.get('p95_ms'))}"
            f" {ms(p['raw_sql']['p95_ms']):>11} {ms(p['bare']['p95_ms'])} {ms(raw_load.get('p95_ms'))}"
            f" {ms(bare_http.get('p95_ms')):>9}"
            f" {p['ratio']:6.2f} {http_ratio} {verdict(p):>6}"
        )
    print(
        "(ms, p95 unless marked; ratio = client p95 / (raw SQL p95 + bare view p95), the three timed in turn;"
        " http = http p95 / (raw load p95 + bare http p95): the page, its raw SQL and the bare view each under"
        f" the same concurrent load; target: ratio <= {PAGE_RATIO_TARGET:g})"
    )

    header = f"{'job':45} {'n':>3} {'p50 ms':>9} {'p95 ms':>9} {'target':>8} {'':>6}"
    print(f"\n{header}\n{'-' * len(header)}")
    for row in out["jobs"]:
        if "status" in row:
            print(f"{row['name']:45} {row['status']}")
            continue
        print(
            f"{row['name']:45} {row['n']:>3} {row['p50_ms']:9.1f} {row['p95_ms']:9.1f}"
            f" {'< ' + format(row['target_s'], 'g') + ' s':>8} {verdict(row):>6}"
        )
    print(f"(target on p95: matching < {MATCHING_TARGET_S:g} s, a daily job < {JOB_TARGET_S:g} s)")

    header = (
        f"{'worker memory (fresh process)':45} {'rows':>6} {'baseline':>9} {'peak':>9} {'growth':>8} {'seconds':>8}"
        f" {'target':>8} {'':>6}"
    )
    print(f"\n{header}\n{'-' * len(header)}")
    for row in out["memory"]:
        if "status" in row or "error" in row:
            print(f"{row['name']:45} {row.get('status') or 'ERROR ' + row['error']}")
            continue
        print(
            f"{row['name']:45} {row.get('rows', ''):>6} {row['baseline_mib']:9.1f} {row['peak_mib']:9.1f}"
            f" {row['growth_mib']:8.1f} {row['seconds']:8.2f} {'< ' + format(row['target_mb'], 'g') + ' MB':>8}"
            f" {verdict(row):>6}"
        )
    print(
        f"(MiB; baseline = RSS of the fresh Django process before the entry ran, peak = its peak RSS while it ran;"
        f" target: peak < {MEMORY_TARGET_MB} MB = {MEMORY_TARGET_MB * 1e6 / 2**20:.1f} MiB)"
    )
    rows = out["pages"] + out["jobs"] + out["memory"]
    verdicts = [verdict(row) for row in rows]
    failed = [row["name"] for row, v in zip(rows, verdicts, strict=True) if v in ("FAIL", "ERROR")]
    unavailable = sum(1 for row in rows if "status" in row)
    print(
        f"\ntargets: {verdicts.count('pass')} pass, {len(failed)} fail"
        f"{', ' + str(unavailable) + ' not available in this build' if unavailable else ''}"
        f"{': ' + ', '.join(failed) if failed else ''}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "100")))
    parser.add_argument("--http-requests", type=int, default=int(os.environ.get("BENCH_HTTP_REQUESTS", "200")))
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--queries-only", action="store_true", help="only count queries (used for the small size)")
    parser.add_argument("--no-http", action="store_true", help="skip gunicorn")
    parser.add_argument("--pages-only", action="store_true", help="measure the pages only (no jobs, no memory)")
    parser.add_argument("--no-small", action="store_true", help="skip the 100-student query counts")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not args.queries_only:
        prepare_database(url)
    log = (lambda *a: None) if args.json else print
    small_counts = {} if (args.queries_only or args.no_small) else small_query_counts(args, url)
    setup_django(url)
    out = measure(args, log=log)
    out["small_queries"] = small_counts
    if args.json:
        print(json.dumps(out))
        return out
    from django.db import connection

    print_table(out, small_counts, connection.vendor)
    results = BASE_DIR / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{time.strftime('%Y%m%dT%H%M%S')}-{connection.vendor}.json"
    path.write_text(json.dumps(out | {"database": connection.vendor, "scale": args.scale}, indent=2))
    print(f"\nwrote {path.relative_to(BASE_DIR)}")
    return out


if __name__ == "__main__":
    main()
