"""What is measured: the people, pages, daily jobs, exports and the matching, on a generated data set.

Every function here reads the data set as bench.generate made it (people and days are found again in
the database, so a fresh process, bench.memory or bench.compare, finds the same ones). Writes are never
left behind: the daily jobs run in a transaction rolled back, the matching and the import on a scratch
copy of the data set (bench.datasets.copy).

`requires` names the code an entry measures: a build without it says "not available in this build".
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.util import find_spec

NOT_AVAILABLE = "not available in this build"
GROWTH_PERSONAL = 1.2  # p50 at 100k over p50 at 10k, the student's and the supervisor's home pages
GROWTH_LEADER = 2.0  # the leader's pages
PEER_TARGET = 1.0  # the leader's placements list over the admin changelist, same filter, same user
JOB_TARGET_S = 5.0
EXPORT_TARGET = 5.0  # the export over COPY of the same rows
THROUGHPUT_SHARE = 0.05  # a personal page's requests/s over the signed-in redirect's
MATCHING_TARGET_S = {"10k": 3.0, "100k": 30.0}  # end to end, the leader's click until the proposal is stored
MATCHING_TOP3_POINTS = 10.0  # the matching gives at least this many points more students a top-3 choice


def has(dotted: str) -> bool:
    """Is `module.attribute` importable (the code of an entry present in this build)?"""
    module, _, attribute = dotted.rpartition(".")
    try:
        if find_spec(module) is None:
            return False
        mod = __import__(module, fromlist=[attribute])
    except ImportError:
        return False
    return hasattr(mod, attribute)


# --- the people and days of a data set ------------------------------------------------------------------


@dataclass
class Context:
    today: date  # the day the data set was generated for (bench.generate)
    round_end: date  # the last day of wave 0's current round
    student: object
    supervisor: object
    leader: object
    programme: object  # the leader's programme
    admin: object
    national_leader: object
    national_round: object
    marker: dict = field(default_factory=dict)


def context_from_database() -> Context:
    from django.db import connection

    from accounts.models import User
    from placements.models import Placement

    try:
        from programmes.models import Programme, RotationRound, Student, Supervisor
    except ImportError:  # a checkout from before the programmes app (python -m bench.compare ../before)
        from placements.models import Programme, RotationRound, Student, Supervisor

    from .datasets import ADMIN_EMAIL, MARKER, NATIONAL_LEADER_EMAIL

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {MARKER}")
        marker = json.loads(cursor.fetchone()[0])
    leader = User.objects.get(email="leader0@bench.example")
    programme = Programme.objects.filter(leader_grants__user=leader).order_by("pk").first()
    # Wave 0's first active placement: its student and supervisor (each page's busiest person is alike).
    placement = (
        Placement.objects.filter(status=Placement.Status.ACTIVE, assignment__programme=programme).order_by("pk").first()
    )
    return Context(
        today=date.fromisoformat(marker["today"]),
        round_end=placement.end_date,
        student=Student.objects.select_related("user").get(pk=placement.student_id).user,
        supervisor=Supervisor.objects.select_related("user").get(pk=placement.supervisor_id).user,
        leader=leader,
        programme=programme,
        admin=User.objects.get(email=ADMIN_EMAIL),
        national_leader=User.objects.get(email=NATIONAL_LEADER_EMAIL),
        national_round=RotationRound.objects.select_related("cohort").get(pk=marker["national_round"]),
        marker=marker,
    )


# --- pages ------------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    route: str
    who: str  # an attribute of Context
    query: str = ""
    kwargs: dict | None = None  # a callable of the context, or None
    kind: str = "leader"  # personal, leader, peer
    requires: tuple[str, ...] = ()

    def available(self) -> bool:
        return all(has(name) for name in self.requires)

    def url(self, ctx: Context) -> str:
        from django.urls import reverse

        return reverse(self.route, kwargs=self.kwargs(ctx) if self.kwargs else None) + self.query


STUDENT_HOME = "student: home (my assignment)"
SUPERVISOR_HOME = "supervisor: home (my students)"
DASHBOARD = "leader: dashboard"
PLACEMENT_LIST = "leader: placements list ?status=active"
RESULTS = "leader: evaluation results"
ADMIN_LIST = "admin: placements list ?status=active"
ADMIN_CHANGELIST = "admin: Django changelist ?status__exact=active"

PAGES = [
    Page(STUDENT_HOME, "dashboards:student_assignment", "student", kind="personal"),
    Page(SUPERVISOR_HOME, "dashboards:supervisor_students", "supervisor", kind="personal"),
    Page(DASHBOARD, "dashboards:leader_dashboard", "leader"),
    Page(PLACEMENT_LIST, "placements:placement_list", "leader", query="?status=active"),
    Page(
        RESULTS,
        "evaluations:results",
        "leader",
        kwargs=lambda ctx: {"programme_pk": ctx.programme.pk},
        requires=("evaluations.views.results",),
    ),
    Page(ADMIN_LIST, "placements:placement_list", "admin", query="?status=active", kind="peer"),
    Page(
        ADMIN_CHANGELIST, "admin:placements_placement_changelist", "admin", query="?status__exact=active", kind="peer"
    ),
]
FLOORED = {PLACEMENT_LIST: "placement_list", DASHBOARD: "dashboard", RESULTS: "evaluation_results"}


def floor_statement(page_name: str, ctx: Context) -> tuple[str, list]:
    from django.utils import timezone

    from . import floors

    if page_name == PLACEMENT_LIST:
        return floors.placement_list(user_id=ctx.leader.pk)
    if page_name == DASHBOARD:
        return floors.dashboard(user_id=ctx.leader.pk, today=timezone.localdate())
    if page_name == RESULTS:
        return floors.evaluation_results(programme_id=ctx.programme.pk)
    raise KeyError(page_name)


# --- daily jobs on their busiest day, each repetition rolled back ---------------------------------------


@dataclass
class Job:
    name: str
    run: object  # run(ctx) -> count of due items handled
    prepare: object = None  # prepare(ctx), untimed, in the same rolled-back transaction
    requires: tuple[str, ...] = ()

    def available(self) -> bool:
        return all(has(name) for name in self.requires)


def _rotation_reminders(ctx):
    """Two weeks before the next round starts (the day after the current one ends): the start reminders
    of every planned placement of wave 0 and the end reminders of every active one, not sent before."""
    from rounds.reminders import rotation_reminders_send

    return rotation_reminders_send(today=ctx.round_end + timedelta(days=1) - timedelta(weeks=2)).total


def _dispatch(ctx):
    """The day wave 0's current round ends: a request to the student and the supervisor of each placement."""
    from evaluations.services import evaluation_dispatch_due

    return evaluation_dispatch_due(today=ctx.round_end)


def _reminders(ctx):
    """A week after that dispatch: a reminder for each of its requests (all still pending)."""
    from evaluations.services import evaluation_send_reminders

    return evaluation_send_reminders(today=ctx.round_end + timedelta(days=7))


def _expiry(ctx):
    """The day after those requests were due (21 days): each of them expires."""
    from evaluations.services import evaluation_expire_overdue

    return evaluation_expire_overdue(today=ctx.round_end + timedelta(days=22))


def _placement_status(ctx):
    """The day after wave 0's current round ends: its placements complete and the next round's start, after
    their start gates. Its dispatch of the day before (untimed) has asked for their final evaluations, as
    in production (the completion then finds them made)."""
    from placements.services import placements_advance

    counts = placements_advance(today=ctx.round_end + timedelta(days=1))
    return counts["started"] + counts["blocked"] + counts["completed"]


JOBS = [
    Job(
        "placement status",
        _placement_status,
        prepare=_dispatch,
        requires=("placements.services.placements_advance",),
    ),
    Job("rotation reminders", _rotation_reminders, requires=("rounds.reminders.rotation_reminders_send",)),
    Job("evaluation dispatch", _dispatch, requires=("evaluations.services.evaluation_dispatch_due",)),
    Job(
        "evaluation reminders",
        _reminders,
        prepare=_dispatch,
        requires=("evaluations.services.evaluation_send_reminders",),
    ),
    Job("evaluation expiry", _expiry, prepare=_dispatch, requires=("evaluations.services.evaluation_expire_overdue",)),
]


def time_job(job: Job, ctx: Context, repetitions: int, warmup: int = 1) -> tuple[list[float], int]:
    """Seconds of each timed repetition (after `warmup`), each in a transaction rolled back; and the due
    items the job handled. On PostgreSQL a VACUUM ANALYZE (untimed) after each stands in for the
    autovacuum a production day has had: a rolled-back repetition leaves its inserted rows as dead tuples."""
    import time

    from django.db import connection, transaction

    def settle():
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    times, count = [], 0
    for i in range(warmup + repetitions):
        with transaction.atomic():
            if job.prepare:
                job.prepare(ctx)
            started = time.perf_counter()
            count = job.run(ctx)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        settle()
        if i >= warmup:
            times.append(seconds)
    return times, count


# --- exports ---------------------------------------------------------------------------------------

EXPORT_QUERY = "status=active"  # every active placement: one per student, 10,000 rows in the 10k set


def export_run(app, cookie: str, fmt: str):
    """One export as a worker answers it (through the WSGI application, every byte read)."""
    from django.urls import reverse

    from .harness import wsgi_get

    status, size, lines = wsgi_get(app, reverse("placements:placement_export"), f"format={fmt}&{EXPORT_QUERY}", cookie)
    if not status.startswith("200"):
        raise RuntimeError(f"the {fmt} export answered {status}")
    return size, lines


def export_rows() -> int:
    from placements.models import Placement

    return Placement.objects.filter(status=Placement.Status.ACTIVE).count()


def copy_floor(select: str) -> int:
    """PostgreSQL's COPY (the export's SELECT) TO STDOUT, every byte read: the physical floor of its rows.
    Returns the bytes."""
    from django.db import connection

    size = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({select}) TO STDOUT") as copy:
        for block in copy:
            size += len(block)
    return size


# --- the matching of the national round ------------------------------------------------------------------


def matching_mode() -> str:
    """'worker': the click starts a MatchingRun that a Celery worker carries out; 'view': the view matches."""
    if has("rounds.services.matching_run_start") and has("rounds.tasks.matching_run_execute"):
        return "worker"
    return "view"


DONE_STATES = {"done", "finished", "succeeded", "success", "completed", "complete"}
FAILED_STATES = {"failed", "error", "cancelled"}


def matching_end_to_end(client, ctx: Context, timeout: float = 600) -> float:
    """The leader's click (POST rounds:round_match) until the proposal is stored: seconds."""
    import time

    from django.urls import reverse

    from rounds.models import MatchProposal

    url = reverse("rounds:round_match", kwargs={"pk": ctx.national_round.pk})
    mode = matching_mode()
    started = time.perf_counter()
    response = client.post(url)
    if response.status_code not in (200, 302):
        raise RuntimeError(f"POST {url} answered {response.status_code}")
    if mode == "view":
        seconds = time.perf_counter() - started
        if not MatchProposal.objects.filter(rotation_round=ctx.national_round).exists():
            raise RuntimeError("the matching stored no proposal")
        return seconds
    from rounds.models import MatchingRun  # the other branch's model

    run = MatchingRun.objects.filter(rotation_round=ctx.national_round).order_by("-pk").first()
    if run is None:
        raise RuntimeError("the click started no MatchingRun")
    state_field = "state" if hasattr(run, "state") else "status"
    while True:
        run.refresh_from_db()
        state = str(getattr(run, state_field)).lower()
        if state in DONE_STATES:
            return time.perf_counter() - started
        if state in FAILED_STATES:
            raise RuntimeError(f"the MatchingRun ended {state}")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"the MatchingRun was not done within {timeout:.0f} s (state {state})")
        time.sleep(0.05)


def matching_reset(ctx: Context) -> None:
    """Between two end-to-end repetitions on the scratch copy: the round back to preferences open, its
    proposal gone, so each click matches from the same start."""
    from programmes.models import RotationRound
    from rounds.models import MatchProposal

    MatchProposal.objects.filter(rotation_round=ctx.national_round).delete()
    RotationRound.objects.filter(pk=ctx.national_round.pk).update(state=RotationRound.State.PREFERENCES_OPEN)


def quality(result) -> dict:
    from rounds.matching import choice_shares

    shares = choice_shares(result)
    n = shares["students"] or 1
    return {
        "students": shares["students"],
        "first_pct": round(100 * shares["first"], 1),
        "top3_pct": round(100 * shares["top3"], 1),
        "unplaced_pct": round(100 * shares["unplaced"] / n, 1),
    }


# --- the import, measured for memory in a fresh process (bench.memory) on a scratch copy ----------------

IMPORT_ROWS = 10_000


def import_students(ctx: Context, rows: int = IMPORT_ROWS):
    """A CSV of new students for the leader's cohort: uploaded and checked (the web worker's part), then
    applied in one transaction by the Celery task's body (the worker's part), in the measured process."""
    from uuid import uuid4

    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportJob
    from imports.services import import_job_create
    from imports.tasks import import_apply
    from programmes.models import Cohort

    cohort = Cohort.objects.filter(programme=ctx.programme).order_by("pk").first()
    run_id = uuid4().hex[:8]
    lines = ["name;email;cohort;school;level;expected_graduation"]
    lines += [f"Imported {i:05d};imported{i}.{run_id}@bench.example;{cohort.name};;HBO;30-06-2029" for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode("utf-8")

    def run():
        job = import_job_create(
            actor=ctx.leader, programme=ctx.programme, kind="students", upload=SimpleUploadedFile("bench.csv", data)
        )
        assert job.state == ImportJob.State.VALID, job.errors[:3]
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)  # what import_job_queue does
        import_apply(job.pk)  # the task body, run here as the Celery worker runs it
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE and job.done == rows, job.errors[:3]
        return {"rows": rows}

    return run


def export_memory(ctx: Context, fmt: str):
    """The placements export as a worker answers it, every active placement (10,000 rows in the 10k set)."""
    from django.core.wsgi import get_wsgi_application

    from .harness import session_cookie

    app = get_wsgi_application()  # loaded before the measure, as a worker has it before its requests
    cookie = session_cookie(ctx.admin)
    expected = export_rows()

    def run():
        size, lines = export_run(app, cookie, fmt)
        if fmt == "csv":
            assert lines == expected + 1, (lines, expected)  # the header, then a line per placement
        return {"rows": expected, "bytes": size}

    return run


MEMORY = {
    "export CSV (fresh worker)": (lambda ctx, _rows=None: export_memory(ctx, "csv"), ("placements.exports.csv_lines",)),
    "export XLSX (fresh worker)": (
        lambda ctx, _rows=None: export_memory(ctx, "xlsx"),
        ("placements.exports.xlsx_file",),
    ),
    "import 10k students (fresh worker)": (import_students, ("imports.services.import_job_create",)),
}
