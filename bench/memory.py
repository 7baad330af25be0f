"""One memory entry in a fresh process, as a worker runs it: `python -m bench.memory "<entry name>"`.

    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench_10k python -m bench.memory "export CSV (fresh worker)"

A worker is a fresh process with Django set up, not the bench process, so this sets up Django with the
bench settings on an existing data set, finds its people again (bench.entries.context_from_database),
runs the entry and prints one JSON line: baseline_mib (RSS before the entry ran), peak_mib (the peak RSS
while it ran, harness.peak_rss_of), growth_mib, seconds, plus what the entry reports (rows).

bench.run calls it for each memory entry (the import on a scratch copy: it writes). Exit status 2: no
such entry, or not available in this build.
"""

import argparse
import json
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("entry")
    parser.add_argument("--rows", type=int, help="rows of the import (10,000 unless given)")
    args = parser.parse_args(argv)
    from bench.run import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from bench import entries
    from bench.harness import peak_rss_of

    if args.entry not in entries.MEMORY:
        print(f"no memory entry named {args.entry!r}; they are: {', '.join(entries.MEMORY)}", file=sys.stderr)
        return 2
    setup, requires = entries.MEMORY[args.entry]
    if not all(entries.has(name) for name in requires):
        print(json.dumps({"status": entries.NOT_AVAILABLE}))
        return 2
    ctx = entries.context_from_database()
    run = setup(ctx, args.rows) if args.rows else setup(ctx)
    print(json.dumps(peak_rss_of(run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
