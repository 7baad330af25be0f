"""Where a page's time goes, on a data set of the bench.

    python -m bench.breakdown                                       # every page, the 10k set
    python -m bench.breakdown "leader: dashboard" --size 100k --requests 100

The page is timed through Django's test client with the bench's production settings, and its time split
into reading the session and the person (django.contrib.auth.get_user), rendering its templates (the
template backend's render, includes within it) and the rest (the view, its queries, the context
processors and the middleware); beside them the page's own SQL re-run with a raw cursor (its floor
without Django) and the page less its templates. Means, where the bench's headline is p50: a split of a
median is not the median of its parts. Nothing is written.

It has no target of its own: bench.run says whether a page is fast enough (growth, peer, floor); this
says, for a page that is not, which part to look at.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from contextlib import contextmanager
from unittest import mock

PARTS = ("session+person", "template")


@contextmanager
def timed_parts():
    """Seconds spent in each of PARTS while the block runs, summed over every call."""
    from django.contrib import auth
    from django.template.backends.django import Template

    spent = dict.fromkeys(PARTS, 0.0)

    def timing(part, func):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[part] += time.perf_counter() - started

        return wrapper

    with (
        mock.patch.object(auth, "get_user", timing("session+person", auth.get_user)),
        mock.patch.object(Template, "render", timing("template", Template.render)),
    ):
        yield spent


def breakdown(page, ctx, requests: int) -> dict:
    """The mean milliseconds of the page, its parts and its raw SQL."""
    from bench.harness import capture_queries, client_for, data_queries, get, run_sql, session_cookie

    client = client_for(session_cookie(getattr(ctx, page.who)))
    url = page.url(ctx)
    for _ in range(5):
        get(client, url)
    statements = capture_queries(client, url)
    selects = data_queries(statements)
    gc.collect()
    page_times, sql_times = [], []
    with timed_parts() as spent:
        for _ in range(requests):
            started = time.perf_counter()
            get(client, url)
            page_times.append(time.perf_counter() - started)
    for _ in range(requests):
        started = time.perf_counter()
        run_sql(selects)
        sql_times.append(time.perf_counter() - started)
    ms = {"page": statistics.fmean(page_times) * 1000, "raw SQL": statistics.fmean(sql_times) * 1000}
    ms |= {part: spent[part] / requests * 1000 for part in PARTS}
    ms["rest"] = ms["page"] - sum(ms[part] for part in PARTS)
    ms["no template"] = ms["page"] - ms["template"]
    return {"name": page.name, "queries": len(statements), "ms": ms}


COLUMNS = ("page", "session+person", "template", "rest", "raw SQL", "no template")


def print_rows(rows: list[dict], requests: int) -> None:
    header = f"{'page':46} {'queries':>7} " + " ".join(f"{c:>14}" for c in COLUMNS)
    print(f"{header}\n{'-' * len(header)}")
    for row in rows:
        cells = " ".join(f"{row['ms'][c]:14.2f}" for c in COLUMNS)
        print(f"{row['name']:46} {row['queries']:>7} {cells}")
    print(
        f"(ms, means of {requests} requests each; rest = page - session+person - template: the view, its queries,"
        " context processors and the middleware; raw SQL = the page's SELECTs re-run with a raw cursor)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="pages as the bench names them; all when none is named")
    parser.add_argument("--size", default="10k", help="the data set: 10k (default) or 100k")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    import tempfile
    from pathlib import Path

    from bench.compare import dataset_url
    from bench.datasets import bench_environment
    from bench.run import prepare_static, setup_django

    url = dataset_url(args.size)
    os.environ.update(bench_environment())
    prepare_static(Path(tempfile.mkdtemp(prefix="bench-breakdown-static-")))
    setup_django(url)
    from bench.entries import PAGES, context_from_database

    pages = {p.name: p for p in PAGES if p.available()}
    unknown = [name for name in args.pages if name not in pages]
    if unknown:
        sys.exit(f"No page named {', '.join(map(repr, unknown))}; the pages are: {', '.join(pages)}.")
    ctx = context_from_database()
    rows = [breakdown(pages[name], ctx, args.requests) for name in args.pages or pages]
    print_rows(rows, args.requests)


if __name__ == "__main__":
    main()
