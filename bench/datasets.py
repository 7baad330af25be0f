"""The bench's data sets: each generated once into its own database and reused by later runs.

    python -m bench.datasets                       # show the data sets of DATABASE_URL and their markers
    python -m bench.datasets generate --scale 1    # (re)generate one (bench.run calls this when needed)

The databases are named after DATABASE_URL's (portal_bench -> portal_bench_10k, portal_bench_100k; the
SQLite default var/bench.sqlite3 -> var/bench_10k.sqlite3, ...); every name must contain "bench", so a
developer's database is never touched. A marker table in each (bench_dataset) records the generator's
version, the scale, the day the data were generated for and how long it took: a data set whose marker is
missing, of another generator version (bench.generate.VERSION) or older than MAX_AGE_DAYS is generated
again, and `bench.run --regenerate` forces it.

An entry that writes through another process (the Celery worker, a fresh memory process) runs on a scratch
copy (`CREATE DATABASE ... TEMPLATE ...` on PostgreSQL, a file copy on SQLite), dropped afterwards; the
other writing entries run in a transaction rolled back. A data set stays as generated.
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}"
MAX_AGE_DAYS = 14  # the generated "today" lies 20 days before the current round ends (bench.generate)
ADMIN_EMAIL = "bench-admin@bench.example"  # the generated administrator and national leader
NATIONAL_LEADER_EMAIL = "national-leader@bench.example"
MARKER = "bench_dataset"


# Bump on every change of what bench.generate makes: a data set of another version is generated again.
VERSION = "2026-12-bench2.4"  # no other wave's mid-term evaluation on wave 0's busiest day
FULL = {"students": 10_000, "units": 1_000, "regional_assignments": 1_000, "national_assignments": 2_000}
PROGRAMME_STUDENTS = 1_000  # students of one regional programme, at every scale
WAVE = 10  # regional programmes rotating on the same days
ROUNDS = 4


def sizes(scale: float) -> dict:
    """What bench.generate makes at this scale (1: the 10k set, 10: the 100k set)."""
    students = max(20, round(FULL["students"] * scale))
    programmes = max(1, round(students / PROGRAMME_STUDENTS))
    return {
        "students": students,
        "units": max(4, round(FULL["units"] * scale)),
        "regional_assignments": max(2 * programmes, round(FULL["regional_assignments"] * scale)),
        "national_assignments": max(4, round(FULL["national_assignments"] * scale)),
        "programmes": programmes,
        "waves": math.ceil(programmes / WAVE),
        "rounds": ROUNDS,
    }


# Days by which the rounds of waves 1-9 come after wave 0's: more than the two weeks of a reminder, and
# never 66-94 days, where a wave's mid-term evaluation (half-way its round) would fall in the three weeks the
# evaluation dispatch catches up on wave 0's busiest day; so that day has as many due items at 100k as at 10k.
WAVE_OFFSETS = (29, 38, 47, 56, 100, 110, 120, 130, 140)


def wave_offset(wave: int) -> int:
    """Days by which a wave's rounds come after wave 0's (see bench.generate)."""
    return 0 if wave == 0 else WAVE_OFFSETS[(wave - 1) % len(WAVE_OFFSETS)]


def bench_environment(environ=os.environ) -> dict:
    """The environment variables a bench process needs (a child process gets the same)."""
    redis_db = int(environ.get("BENCH_REDIS_DB", "12"))
    return {
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-never-used-in-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_BROKER_URL": environ.get("BENCH_BROKER_URL") or f"redis://127.0.0.1:6379/{redis_db}",
        "REDIS_URL": environ.get("BENCH_CACHE_URL") or f"redis://127.0.0.1:6379/{redis_db + 1}",
        "LOG_LEVEL": "WARNING",
        "MFA_REQUIRED_FOR_LEADERS": "1",
    }


def base_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def label(scale: float) -> str:
    """The data set's name by its number of students: 10k, 100k, 200, 2k."""
    students = sizes(scale)["students"]
    if students >= 1000 and students % 1000 == 0:
        return f"{students // 1000}k"
    return str(students)


def is_sqlite(url: str) -> bool:
    return urlsplit(url).scheme.startswith("sqlite")


def _sqlite_path(url: str) -> Path:
    parts = urlsplit(url)
    return Path(parts.path if url.startswith("sqlite:////") else parts.path.lstrip("/"))


def database_name(url: str) -> str:
    return _sqlite_path(url).name if is_sqlite(url) else urlsplit(url).path.lstrip("/")


def with_suffix(url: str, suffix: str) -> str:
    """The URL of a database named after this one: portal_bench -> portal_bench_<suffix>."""
    if is_sqlite(url):
        head, _, tail = url.rpartition("/")
        stem, dot, ext = tail.rpartition(".")
        return f"{head}/{stem}_{suffix}.{ext}" if dot else f"{url}_{suffix}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{suffix}"))


def dataset_url(scale: float, url: str | None = None) -> str:
    return with_suffix(url or base_url(), label(scale))


def check_name(url: str) -> None:
    if "bench" not in database_name(url):
        sys.exit(f"Refusing to use {url}: a bench database's name must contain 'bench'.")


def _admin(url: str):
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


def drop(url: str) -> None:
    check_name(url)
    if is_sqlite(url):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{_sqlite_path(url)}{suffix}").unlink(missing_ok=True)
        return
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def create_empty(url: str) -> None:
    drop(url)
    if is_sqlite(url):
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        return
    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{database_name(url)}"')


def copy(source: str, target: str) -> float:
    """A fresh copy of a data set (no connection may be open on the source); returns its seconds."""
    check_name(target)
    started = time.perf_counter()
    drop(target)
    if is_sqlite(source):
        import sqlite3

        with sqlite3.connect(_sqlite_path(source)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(_sqlite_path(source), _sqlite_path(target))
    else:
        with _admin(source) as conn:
            conn.execute(f'CREATE DATABASE "{database_name(target)}" TEMPLATE "{database_name(source)}"')
    return time.perf_counter() - started


def marker(url: str) -> dict | None:
    """The data set's marker row, or None (no database, no marker)."""
    try:
        if is_sqlite(url):
            import sqlite3

            path = _sqlite_path(url)
            if not path.is_file():
                return None
            with sqlite3.connect(path) as conn:
                row = conn.execute(f"SELECT data FROM {MARKER}").fetchone()
        else:
            import psycopg

            with psycopg.connect(url) as conn:
                row = conn.execute(f"SELECT data FROM {MARKER}").fetchone()
    except Exception:  # no database, no table: not generated (by this generator)
        return None
    return json.loads(row[0]) if row else None


def why_regenerate(found: dict | None, scale: float, today: date | None = None) -> str | None:
    """None when the data set can be reused, else the reason it is generated again."""
    today = today or date.today()
    if found is None:
        return "no data set yet"
    if found.get("version") != VERSION:
        return f"generator changed ({found.get('version')} -> {VERSION})"
    if found.get("scale") != scale:
        return f"scale {found.get('scale')} != {scale}"
    age = (today - date.fromisoformat(found["today"])).days
    if not 0 <= age <= MAX_AGE_DAYS:
        return f"generated for {found['today']}, {age} days ago (at most {MAX_AGE_DAYS})"
    return None


SCHEMA = "bench_schema"


def _migrations_hash() -> str:
    """What the migrated schema depends on: the project's migrations and the pinned requirements."""
    digest = hashlib.sha256()
    for path in [*sorted(BASE_DIR.glob("*/migrations/*.py")), BASE_DIR / "requirements.txt"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def schema(url: str, log=print) -> str:
    """An empty, migrated database (<name>_schema), made once per set of migrations: each data set starts
    as a copy of it, so a run that generates two data sets migrates once."""
    target = with_suffix(url, "schema")
    wanted = _migrations_hash()
    try:
        if is_sqlite(target):
            import sqlite3

            with sqlite3.connect(_sqlite_path(target)) as conn:
                found = conn.execute(f"SELECT data FROM {SCHEMA}").fetchone()
        else:
            import psycopg

            with psycopg.connect(target) as conn:
                found = conn.execute(f"SELECT data FROM {SCHEMA}").fetchone()
    except Exception:
        found = None
    if found and found[0] == wanted:
        return target
    log(f"  migrating an empty schema into {database_name(target)} ...")
    create_empty(target)
    env = os.environ | {"DATABASE_URL": target}
    subprocess.run([sys.executable, "-m", "bench.datasets", "migrate"], cwd=BASE_DIR, env=env, check=True)
    return target


def _migrate() -> None:
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {SCHEMA} (data TEXT NOT NULL)")
        cursor.execute(f"INSERT INTO {SCHEMA} (data) VALUES (%s)", [_migrations_hash()])
    connection.close()
    print(f"  migrate {time.perf_counter() - started:6.1f} s", flush=True)


def ensure(scale: float, *, regenerate: bool = False, log=print, url: str | None = None) -> tuple[str, dict]:
    """The data set of this scale, generated first when needed: (its URL, its marker)."""
    target = dataset_url(scale, url)
    check_name(target)
    found = marker(target)
    reason = "--regenerate" if regenerate else why_regenerate(found, scale)
    if reason is None:
        log(f"data set {label(scale)}: reusing {database_name(target)} (generated for {found['today']})")
        return target, found
    log(f"data set {label(scale)}: generating into {database_name(target)} ({reason}) ...")
    copy(schema(url or base_url(), log), target)
    env = os.environ | {"DATABASE_URL": target}
    cmd = [sys.executable, "-m", "bench.datasets", "generate", "--scale", str(scale)]
    subprocess.run(cmd, cwd=BASE_DIR, env=env, check=True)
    found = marker(target)
    if found is None:
        sys.exit(f"generating {target} left no marker")
    return target, found


def write_marker(ctx: dict, seconds: float) -> dict:
    """The marker row of a data set bench.generate just made (ctx is its context)."""
    from django.db import connection

    data = {
        "version": VERSION,
        "scale": ctx["scale"],
        "today": ctx["today"].isoformat(),
        "sizes": ctx["sizes"],
        "answers": ctx["answers"],
        "evaluation_requests": ctx["evaluation_requests"],
        "placements": len(ctx["placements"]),
        "national_round": ctx["national"]["round"].pk,
        "seconds": round(seconds, 1),
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (data TEXT NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER} (data) VALUES (%s)", [json.dumps(data)])
    return data


def _generate(scale: float) -> None:
    """In this process, on DATABASE_URL (empty): migrate, generate, ANALYZE, write the marker."""
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # nothing to do on a copy of the schema: a check
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCHEMA}")
    ctx = generate(scale=scale, log=lambda line: print(line, flush=True))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    data = write_marker(ctx, seconds=time.perf_counter() - started)
    print(f"  generated in {data['seconds']} s: {data['sizes']}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["show", "generate", "migrate"], default="show")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.command == "migrate":
        check_name(os.environ["DATABASE_URL"])
        _migrate()
        return
    if args.command == "generate":
        check_name(os.environ["DATABASE_URL"])
        _generate(args.scale)
        return
    for scale in (1.0, 10.0):
        url = dataset_url(scale)
        found = marker(url)
        print(f"{label(scale):>5} {database_name(url)}: {json.dumps(found) if found else 'not generated'}")


if __name__ == "__main__":
    main()
