"""One memory entry in a fresh process, as a worker runs it: `python -m bench.memory "<entry name>"`.

    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.memory \\
        "export 10k rows (CSV): peak RSS"

Issue #8 asks for the peak memory of a worker during the export and the import. A worker is a fresh
process with Django set up, not the bench process (which holds the generated data set), so this sets up
Django with bench.settings on an existing bench database, rebuilds from it the little context the
entries need (the leaders, the cohorts), runs the entry and prints one JSON line: baseline_mib (RSS
before the entry ran), peak_mib (the process's peak RSS while it ran, harness.peak_rss_of), growth_mib,
seconds, plus what the entry reports (rows).

bench.run calls it once per memory entry (harness.measure_memory); it can also be run by hand against a
database a run left behind. Exit status 2: no such entry or not available in this build.
"""

import json
import os
import sys


def context_from_database() -> dict:
    """What bench.generate left in its context that memory entries read, read back from the database."""
    from django.utils import timezone

    from programmes.models import Cohort, ProgrammeLeader

    grants = ProgrammeLeader.objects.select_related("user").order_by("pk")
    return {
        "leaders": [grant.user for grant in grants],
        "cohorts": list(Cohort.objects.select_related("programme").order_by("pk")),
        "today": timezone.localdate(),
    }


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("PORTAL_BENCH", "1")
    import django

    django.setup()
    from bench import entries  # noqa: F401 (registers the entries)
    from bench.harness import NOT_AVAILABLE, REGISTRY, MemoryEntry, peak_rss_of

    found = [e for e in REGISTRY if isinstance(e, MemoryEntry) and e.name == argv[0]]
    if not found:
        print(f"no memory entry named {argv[0]!r}", file=sys.stderr)
        return 2
    entry = found[0]
    if not entry.available():
        print(json.dumps({"status": NOT_AVAILABLE}))
        return 2
    run = entry.setup(context_from_database())
    print(json.dumps(peak_rss_of(run)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
