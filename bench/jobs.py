"""The daily jobs alone, on their busiest day, on a data set already generated (bench.datasets):

    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.jobs 10k
    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.jobs 100k

The same entries and timing as `make bench` (bench.entries.JOBS, each repetition rolled back), without the
pages, the matching and the exports: for checking a job's change in minutes. One size per process (Django
is set up once, on that size's database).
"""

import argparse
import os

from .datasets import check_name, dataset_url
from .run import setup_django

SCALES = {"10k": 1.0, "100k": 10.0}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=sorted(SCALES))
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args(argv)
    url = dataset_url(SCALES[args.size], os.environ.get("DATABASE_URL"))
    check_name(url)
    setup_django(url)
    from . import entries

    ctx = entries.context_from_database()
    for job in entries.JOBS:
        times, due = entries.time_job(job, ctx, args.repetitions)
        median = sorted(times)[len(times) // 2]
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{args.size:>5} {job.name:<22} {due:>7} due items  median {median:6.2f} s  ({runs})", flush=True)


if __name__ == "__main__":
    main()
