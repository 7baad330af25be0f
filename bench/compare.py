"""Two checkouts, one key page, timed in turn on the bench database a `make bench` run left behind.

    python -m bench.compare ../before "student: my assignment"
    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.compare ../before "leader: dashboard"

On a machine whose speed drifts by a third from one minute to the next, two bench runs minutes apart cannot
tell a 10% change from noise. Here each checkout serves the page in its own process (its own code, the
same data) and the requests alternate: one to this checkout, one to the other, so a slow moment falls on
both alike. Prints p10/p25/p50/p95 and the mean of each, and the query counts. Nothing is written.
"""

import argparse
import gc
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def serve(entry_name: str) -> None:
    """The child: answer one timed GET of the page per line read from stdin (its seconds on stdout)."""
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from accounts.models import User
    from bench import entries  # noqa: F401 (registers the entries)
    from bench.harness import REGISTRY, _get, capture_queries, client_for, session_cookie

    entry = {e.name: e for e in REGISTRY}[entry_name]
    leaders = list(User.objects.filter(email__startswith="leader", email__endswith="@bench.example").order_by("pk"))
    user, url = entry.setup({"leaders": leaders})
    client = client_for(session_cookie(user))
    for _ in range(10):
        _get(client, url)
    print(len(capture_queries(client, url)), flush=True)
    gc.collect()
    gc.freeze()
    for _ in sys.stdin:
        started = time.perf_counter()
        _get(client, url)
        print(time.perf_counter() - started, flush=True)


def compare(other: Path, entry_name: str, requests: int) -> None:
    from bench.run import existing_database_url

    url = existing_database_url()  # both children read this one database
    roots = [BASE_DIR, other.resolve()]
    # Each child runs this file with its checkout first on sys.path, so the other checkout needs no
    # bench.compare of its own (it may predate it).
    run_this = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", run_this, __file__, "--serve", entry_name],
            cwd=root,
            env=os.environ | {"DATABASE_URL": url},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for root in roots
    ]
    queries = [child.stdout.readline().strip() for child in children]
    if not all(queries):  # a child stopped before serving: its error is above
        for child in children:
            child.kill()
        sys.exit(f"A checkout could not serve {entry_name!r} from {url} (see its error above).")
    times = [[], []]
    for _ in range(requests):
        for child, mine in zip(children, times, strict=True):
            child.stdin.write("\n")
            child.stdin.flush()
            mine.append(float(child.stdout.readline()) * 1000)
    for child in children:
        child.stdin.close()
        child.wait()
    print(f"{entry_name}, {requests} requests each, in turn (ms)")
    for root, count, mine in zip(roots, queries, times, strict=True):
        ordered = sorted(mine)  # percentiles as bench.harness.percentile takes them
        cut = {q: ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] for q in (10, 25, 50, 95)}
        print(
            f"  {root!s:40} queries {count:>3}  p10 {cut[10]:7.2f}  p25 {cut[25]:7.2f}  p50 {cut[50]:7.2f}"
            f"  p95 {cut[95]:7.2f}  mean {statistics.fmean(mine):7.2f}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", nargs="?", type=Path, help="the other checkout (a git worktree, say)")
    parser.add_argument("entry", nargs="?", help='a key page as the bench names it, e.g. "student: my assignment"')
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--serve", metavar="ENTRY", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
    elif args.other is None or args.entry is None:
        parser.error("name the other checkout and a key page")
    elif not (args.other / "bench" / "harness.py").is_file():
        parser.error(f"{args.other} is not a checkout of the portal with a bench")
    else:
        compare(args.other, args.entry, args.requests)


if __name__ == "__main__":
    main()
