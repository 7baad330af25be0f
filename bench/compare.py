"""Two checkouts, one key page, timed in turn on a data set of the bench.

    python -m bench.compare ../before "student: home (my assignment)"             # the 10k set
    python -m bench.compare ../before "leader: dashboard" --size 100k --requests 200

On a machine whose speed drifts from one minute to the next, two bench runs minutes apart cannot tell a
10% change from noise. Here each checkout serves the page in its own process (its own code, the same data
set, the bench's production settings) and the requests alternate: one to this checkout, one to the other,
so a slow moment falls on both alike. Prints p10/p25/p50/p95 and the mean of each, and the query counts.
Nothing is written. The data set is the one `make bench` generated (bench.datasets names it from
DATABASE_URL and --size); the other checkout needs no bench of this version: this file serves both.
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


def serve(page_name: str) -> None:
    """The child: answer one timed GET of the page per line read from stdin (its seconds on stdout)."""
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from django.urls import NoReverseMatch

    from bench.entries import PAGES, context_from_database
    from bench.harness import capture_queries, client_for, get, session_cookie

    page = {p.name: p for p in PAGES}[page_name]
    ctx = context_from_database()
    client = client_for(session_cookie(getattr(ctx, page.who)))
    try:
        url = page.url(ctx)
    except NoReverseMatch:  # an older checkout names its routes otherwise: the path this checkout reverses
        url = os.environ["BENCH_COMPARE_PATH"]
    for _ in range(10):
        get(client, url)
    print(len(capture_queries(client, url)), url, flush=True)
    gc.collect()
    gc.freeze()
    for _ in sys.stdin:
        started = time.perf_counter()
        get(client, url)
        print(time.perf_counter() - started, flush=True)


def dataset_url(size: str) -> str:
    from bench import datasets

    scales = {"10k": 1.0, "100k": 10.0}
    scale = scales.get(size) or next((s for s in (0.002, 0.02, 0.2, 2.0) if datasets.label(s) == size), None)
    if scale is None:
        sys.exit(f"--size {size}: one of 10k, 100k (or a --quick run's 20, 200, 2k)")
    url = datasets.dataset_url(scale)
    if datasets.marker(url) is None:
        sys.exit(f"No {size} data set at {datasets.database_name(url)}: run `make bench` (python -m bench.run) first.")
    return url


def _python_of(root: Path) -> str:
    """The checkout's own virtualenv when it has one (an older checkout needs its own requirements)."""
    python = root / ".venv" / "bin" / "python"
    return str(python) if python.exists() else sys.executable


def compare(other: Path, page_name: str, requests: int, size: str) -> None:
    import tempfile

    from bench.datasets import bench_environment
    from bench.run import prepare_static

    url = dataset_url(size)  # both children read this one database
    os.environ.update(bench_environment())
    prepare_static(Path(tempfile.mkdtemp(prefix="bench-compare-static-")))  # this checkout's static files
    roots = [BASE_DIR, other.resolve()]
    # Each child serves with its own checkout's code (its cwd, first on sys.path) and this checkout's bench
    # package (loaded by path as "bench"), so the other checkout needs no bench of this version.
    run_this = (
        "import importlib.util, runpy, sys; sys.path.insert(0, '.');"
        " bench = sys.argv[1].rsplit('/', 1)[0];"
        " spec = importlib.util.spec_from_file_location('bench', bench + '/__init__.py',"
        " submodule_search_locations=[bench]);"
        " sys.modules['bench'] = importlib.util.module_from_spec(spec); spec.loader.exec_module(sys.modules['bench']);"
        " sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    env = os.environ | {"DATABASE_URL": url}
    children, queries = [], []
    for root in roots:  # this checkout first: its path serves an older checkout whose routes are named otherwise
        child = subprocess.Popen(
            [_python_of(root), "-c", run_this, __file__, "--serve", page_name],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        count, _, path = child.stdout.readline().strip().partition(" ")
        if not count:  # the child stopped before serving: its error is above
            for started in children:
                started.kill()
            sys.exit(f"A checkout could not serve {page_name!r} from {url} (see its error above).")
        queries.append(count)
        env = env | {"BENCH_COMPARE_PATH": path}
    times = [[], []]
    for _ in range(requests):
        for child, mine in zip(children, times, strict=True):
            child.stdin.write("\n")
            child.stdin.flush()
            mine.append(float(child.stdout.readline()) * 1000)
    for child in children:
        child.stdin.close()
        child.wait()
    print(f"{page_name} on the {size} set, {requests} requests each, in turn (ms)")
    for root, count, mine in zip(roots, queries, times, strict=True):
        ordered = sorted(mine)
        cut = {q: ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] for q in (10, 25, 95)}
        print(
            f"  {root!s:40} queries {count:>3}  p10 {cut[10]:7.2f}  p25 {cut[25]:7.2f}"
            f"  p50 {statistics.median(mine):7.2f}  p95 {cut[95]:7.2f}  mean {statistics.fmean(mine):7.2f}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", nargs="?", type=Path, help="the other checkout (a git worktree, say)")
    parser.add_argument("page", nargs="?", help='a page as the bench names it, e.g. "leader: dashboard"')
    parser.add_argument("--size", default="10k", help="the data set: 10k (default) or 100k")
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_COMPARE_REQUESTS", "300")))
    parser.add_argument("--serve", metavar="PAGE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
    elif args.other is None or args.page is None:
        parser.error("name the other checkout and a page")
    elif not (args.other / "manage.py").is_file():
        parser.error(f"{args.other} is not a checkout of the portal")
    else:
        compare(args.other, args.page, args.requests, args.size)


if __name__ == "__main__":
    main()
