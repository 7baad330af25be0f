"""Where a key page's time goes, on the bench database a `make bench` run left behind.

    python -m bench.breakdown                                   # every key page
    python -m bench.breakdown "student: my assignment" --requests 1000
    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.breakdown

The page, its raw SQL and the bare view are timed in turn, as bench.run times them, and the page's time
is split into reading the session and the person (django.contrib.auth.get_user), rendering its templates
(the template backend's render, includes within it) and the rest: the view, its queries, the context
processors and what the middleware does for a signed-in person. Beside them two ratios over (raw SQL +
bare view): the page's, and the page's less its template time, the floor that no faster template could
go below. Means, where the bench's target is on p95: a split of a p95 is not the p95 of its parts.
Nothing is written.
"""

import argparse
import gc
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


def breakdown(entry, ctx: dict, requests: int) -> dict:
    """The mean milliseconds of the page, its parts, its raw SQL and the bare view, and the two ratios."""
    from bench.harness import _get, capture_queries, client_for, session_cookie, time_interleaved

    user, url = entry.setup(ctx)
    client = client_for(session_cookie(user))
    for _ in range(10):
        _get(client, url)
    statements = capture_queries(client, url)
    gc.collect()
    with timed_parts() as spent:  # the bare view and the raw SQL call neither part
        page, raw, bare = time_interleaved(client, url, statements, requests)
    ms = {"page": statistics.fmean(page) * 1000, "raw SQL": statistics.fmean(raw) * 1000}
    ms["bare"] = statistics.fmean(bare) * 1000
    ms |= {part: spent[part] / requests * 1000 for part in PARTS}
    ms["rest"] = ms["page"] - ms["bare"] - sum(ms[part] for part in PARTS)
    reference = ms["raw SQL"] + ms["bare"]
    return {
        "name": entry.name,
        "queries": len(statements),
        "ms": ms,
        "ratio": ms["page"] / reference,
        "ratio_without_template": (ms["page"] - ms["template"]) / reference,
    }


COLUMNS = ("page", "bare", "session+person", "template", "rest", "raw SQL")


def print_rows(rows: list[dict], requests: int) -> None:
    header = f"{'page':35} {'queries':>7} " + " ".join(f"{c:>14}" for c in COLUMNS)
    header += f" {'ratio':>6} {'no template':>11}"
    print(f"{header}\n{'-' * len(header)}")
    for row in rows:
        cells = " ".join(f"{row['ms'][c]:14.3f}" for c in COLUMNS)
        print(f"{row['name']:35} {row['queries']:>7} {cells} {row['ratio']:6.2f} {row['ratio_without_template']:11.2f}")
    print(
        f"(ms, means of {requests} requests each, page, raw SQL and bare view in turn; ratio = page / (raw SQL +"
        " bare view); no template = the same less the template time; rest = page - bare - session+person -"
        " template: the view, its queries, context processors and the middleware's part for a signed-in person)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entries", nargs="*", help="key pages as the bench names them; all when none is named")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    from bench.run import existing_database_url, setup_django

    setup_django(existing_database_url())
    from bench import entries  # noqa: F401 (registers the entries)
    from bench.harness import REGISTRY, PageEntry
    from bench.memory import context_from_database

    pages = {e.name: e for e in REGISTRY if isinstance(e, PageEntry) and e.available()}
    unknown = [name for name in args.entries if name not in pages]
    if unknown:
        sys.exit(f"No key page named {', '.join(map(repr, unknown))}; the pages are: {', '.join(pages)}.")
    ctx = context_from_database()
    rows = [breakdown(pages[name], ctx, args.requests) for name in args.entries or pages]
    print_rows(rows, args.requests)


if __name__ == "__main__":
    main()
