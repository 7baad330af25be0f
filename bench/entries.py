"""The registered measurements, one `register(...)` each: key pages, daily jobs and matching, and the peak
memory of the export and the import. `requires` names the code an entry measures, so a build without it
says "not available in this build" instead of failing.
"""

from datetime import timedelta
from unittest import mock

from django.db.models import Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import send_notifications
from placements.models import Placement
from programmes.models import Programme, Student, Supervisor

from .harness import MATCHING_TARGET_S, JobEntry, MemoryEntry, PageEntry, register


def _busiest_student(ctx):
    placement = Placement.objects.filter(status=Placement.Status.ACTIVE).order_by("pk").first()
    return Student.objects.select_related("user").get(pk=placement.student_id).user


def _busiest_supervisor(ctx):
    placement = Placement.objects.filter(status=Placement.Status.ACTIVE).order_by("pk").first()
    return Supervisor.objects.select_related("user").get(pk=placement.supervisor_id).user


def _page(route, query="", who=None):
    def setup(ctx):
        try:
            url = reverse(route) + query
        except NoReverseMatch:
            return None
        return (who or (lambda c: c["leaders"][0]))(ctx), url

    return setup


register(PageEntry("student: my assignment", _page("dashboards:student_assignment", who=_busiest_student)))
register(PageEntry("supervisor: my students", _page("dashboards:supervisor_students", who=_busiest_supervisor)))
register(PageEntry("leader: dashboard", _page("dashboards:leader_dashboard")))

# --- leader pages ----------------------------------------------------------------------------------
register(
    PageEntry(
        "leader: placements list (filter)",
        _page("placements:placement_list", "?status=active"),
        requires=("placements.views.placement_list",),
    )
)


def _evaluation_results(ctx):
    leader = ctx["leaders"][0]
    programme = Programme.objects.filter(leader_grants__user=leader).order_by("pk").first()
    return leader, reverse("evaluations:results", kwargs={"programme_pk": programme.pk})


register(PageEntry("leader: evaluation results", _evaluation_results, requires=("evaluations.views.results",)))
register(
    PageEntry(
        "leader: placements export (CSV)",
        _page("placements:placement_export", "?format=csv"),
        requires=("placements.views.placement_export",),
    )
)


# --- daily jobs and matching ----------------------------------------------------------------------


def _matching(algorithm):
    """The matching on its full-size input (10,000 students x 2,000 assignments) whatever BENCH_SCALE."""

    def setup(ctx):
        from rounds import matching

        from .matching_bench import instance

        if "matching_instance" not in ctx:
            ctx["matching_instance"] = instance(10_000, 2_000)
        students, assignments, supervisors = ctx["matching_instance"]
        func = getattr(matching, algorithm)
        return lambda: func(students, assignments, supervisors)

    return setup


def _current_round_end(ctx):
    """The last day of the round running today: every active placement ends then."""
    return Placement.objects.filter(status=Placement.Status.ACTIVE).aggregate(end=Min("end_date"))["end"]


def _rotation_reminders(ctx):
    """The busiest day: two weeks before the current round ends (end reminders for every active placement)
    and the next one starts (start reminders for every planned one), so about 4 messages per student."""
    from rounds.reminders import rotation_reminders_send

    day = _current_round_end(ctx) - timedelta(weeks=2)
    return lambda: rotation_reminders_send(today=day)


def _questionnaires_and_history(ctx):
    """Active questionnaires, and the requests of the finished rounds sent on `today` (persisted, once)."""
    from evaluations.models import Audience, Question, Questionnaire
    from evaluations.services import evaluation_dispatch_due, questionnaire_save_questions

    if ctx.get("evaluations_ready"):
        return
    question = {"text": "How was it?", "kind": Question.Kind.LIKERT, "required": True, "choices": []}
    for kind, _label in Programme.Kind.choices:
        for audience in (Audience.STUDENT, Audience.SUPERVISOR):
            questionnaire = Questionnaire.objects.create(
                name=f"{kind} {audience}", audience=audience, programme_kind=kind
            )
            questionnaire_save_questions(questionnaire=questionnaire, questions=[question], actor=None)
    # The finished rounds' requests are data here: their e-mails (sent after commit, eagerly under the
    # bench settings) would only cost minutes of rendering that nothing measures; they count as sent.
    with mock.patch.object(send_notifications, "delay_on_commit"):
        evaluation_dispatch_due(today=ctx["today"])
    Notification.objects.filter(status=Notification.Status.PENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
    ctx["evaluations_ready"] = True


def _evaluation_dispatch(ctx):
    """The day the current round ends: a request to each student and supervisor of every active placement."""
    from evaluations.services import evaluation_dispatch_due

    _questionnaires_and_history(ctx)
    day = _current_round_end(ctx)
    return lambda: evaluation_dispatch_due(today=day)


def _evaluation_reminders(ctx):
    """A week after the finished rounds' requests went out: a reminder for each of them."""
    from evaluations.services import evaluation_send_reminders

    _questionnaires_and_history(ctx)
    return lambda: evaluation_send_reminders(today=ctx["today"] + timedelta(days=7))


def _evaluation_expiry(ctx):
    from evaluations.services import evaluation_expire_overdue

    _questionnaires_and_history(ctx)
    return lambda: evaluation_expire_overdue(today=ctx["today"] + timedelta(days=60))


register(
    JobEntry(
        "matching 10k students x 2k assignments",
        _matching("match"),
        requires=("rounds.matching.match",),
        rollback=False,
        target_s=MATCHING_TARGET_S,
    )
)
register(
    JobEntry(
        "greedy baseline (same input)",
        _matching("greedy_baseline"),
        requires=("rounds.matching.greedy_baseline",),
        rollback=False,
        target_s=MATCHING_TARGET_S,
    )
)
register(
    JobEntry("rotation reminders (daily)", _rotation_reminders, requires=("rounds.reminders.rotation_reminders_send",))
)
register(
    JobEntry(
        "evaluation dispatch (daily)", _evaluation_dispatch, requires=("evaluations.services.evaluation_dispatch_due",)
    )
)
register(
    JobEntry(
        "evaluation reminders (daily)",
        _evaluation_reminders,
        requires=("evaluations.services.evaluation_send_reminders",),
    )
)
register(
    JobEntry(
        "evaluation expiry (daily)", _evaluation_expiry, requires=("evaluations.services.evaluation_expire_overdue",)
    )
)


# --- the placements export and the import, measured for memory in a fresh process (bench.memory) -------
EXPORT_STATUS = Placement.Status.ACTIVE  # one placement per student: 10,000 rows at full scale
IMPORT_ROWS = 10_000


def _administrator():
    """An administrator sees every programme's placements (a leader only their own programme's)."""
    from accounts.models import User

    user, created = User.objects.get_or_create(
        email="bench-admin@bench.example", defaults={"name": "Bench administrator", "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def wsgi_get(app, path: str, query: str, cookie: str) -> tuple[str, int, int]:
    """GET through the portal's WSGI application as a server calls it: iterate the body, then close it.

    Returns the status line, the bytes and the lines of the body; nothing of it is kept.
    """
    from wsgiref.util import setup_testing_defaults

    from django.conf import settings

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}",
    }
    setup_testing_defaults(environ)  # host 127.0.0.1, http, an empty wsgi.input
    status = []
    body = app(environ, lambda line, headers, exc_info=None: status.append(line))
    size = lines = 0
    try:
        for chunk in body:
            size += len(chunk)
            lines += chunk.count(b"\n")
    finally:
        body.close()
    return status[0], size, lines


def _export(fmt):
    """The placements export view, as a worker answers it: an administrator's export of every active
    placement (10,000 at full scale), CSV streamed from the database cursor, XLSX written to a temporary
    file and streamed from it; every byte is read as a server sends it."""

    def setup(ctx):
        from django.core.wsgi import get_wsgi_application

        from .harness import session_cookie

        app = get_wsgi_application()  # loaded before the measure, as a worker has it before its requests
        cookie = session_cookie(_administrator())
        path = reverse("placements:placement_export")
        query = f"format={fmt}&status={EXPORT_STATUS}"
        expected = Placement.objects.filter(status=EXPORT_STATUS).count()

        def run():
            status, size, lines = wsgi_get(app, path, query, cookie)
            assert status.startswith("200"), status
            if fmt == "csv":
                assert lines == expected + 1, (lines, expected)  # the header, then a line per placement
            return {"rows": expected, "bytes": size}

        return run

    return setup


def _import_students(ctx):
    """A CSV of 10k new students for the first cohort: uploaded and checked (the web worker's part), then
    applied in one transaction by the Celery task (the worker's part), both in the measured process."""
    from uuid import uuid4

    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportJob
    from imports.services import import_job_create
    from imports.tasks import import_apply

    cohort = ctx["cohorts"][0]
    programme = cohort.programme
    leader = ctx["leaders"][0]
    run_id = uuid4().hex[:8]  # new addresses each run, so a database can be measured again
    lines = ["name;email;cohort;institution;level;expected_graduation"]
    lines += [
        f"Imported {i:05d};imported{i}.{run_id}@bench.example;{cohort.name};Bench Hogeschool;HBO;30-06-2029"
        for i in range(IMPORT_ROWS)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")

    def run():
        job = import_job_create(
            actor=leader, programme=programme, kind="students", upload=SimpleUploadedFile("bench.csv", data)
        )
        assert job.state == ImportJob.State.VALID, job.errors[:3]
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)  # what import_job_queue does
        import_apply(job.pk)  # the task body, run here as the Celery worker runs it
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE and job.done == IMPORT_ROWS, job.errors[:3]
        return {"rows": IMPORT_ROWS}

    return run


register(
    MemoryEntry(
        "export 10k rows (CSV)",
        _export("csv"),
        requires=("placements.views.placement_export", "placements.exports.csv_lines"),
    )
)
register(
    MemoryEntry(
        "export 10k rows (XLSX)",
        _export("xlsx"),
        requires=("placements.views.placement_export", "placements.exports.xlsx_file"),
    )
)
register(
    MemoryEntry(
        "import 10k students (CSV)",
        _import_students,
        requires=("imports.services.import_job_create", "imports.tasks.import_apply"),
    )
)
