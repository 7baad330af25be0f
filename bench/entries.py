"""The registered measurements. One entry each; the lead adds the remaining ones at merge.

Slots still to fill (their code is on other branches), each one `register(...)` line below:

    register(PageEntry("placements list (filtered)", _page("placements:placement_list", "?status=active"),
                       requires=("placements.views.placement_list",)))
    register(PageEntry("evaluation results", _page("evaluations:results"),
                       requires=("evaluations.views.results",)))
    register(PageEntry("placements export", _page("placements:placement_export", "?format=csv"), ...))
    register(JobEntry("matching 10k x 2k", setup=_matching, requires=("placements.matching.match",)))
    register(JobEntry("greedy baseline", setup=..., requires=("placements.matching.greedy_baseline",)))
    register(JobEntry("rotation reminders", lambda ctx: lambda: rotation_reminders_send(today=ctx["today"]), ...))
    register(JobEntry("evaluation dispatch", ..., requires=("evaluations.services.evaluation_dispatch_due",)))

Until then they are listed here with `requires` naming the code they wait for, so the table says
"not available in this build" instead of a number.
"""

from django.urls import NoReverseMatch, reverse

from placements.models import Placement, Programme, Student, Supervisor

from .harness import JobEntry, MemoryEntry, PageEntry, register


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


register(PageEntry("student: my assignment", _page("placements:student_assignment", who=_busiest_student)))
register(PageEntry("supervisor: my students", _page("placements:supervisor_students", who=_busiest_supervisor)))
register(PageEntry("leader: dashboard", _page("placements:leader_dashboard")))

# --- slots for the other branches (present once their code is merged) -----------------------------
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


def _not_wired(ctx):
    raise NotImplementedError("wire this entry at merge")


register(JobEntry("matching 10k students x 2k assignments", _not_wired, requires=("placements.matching.match",)))
register(JobEntry("greedy baseline (same input)", _not_wired, requires=("placements.matching.greedy_baseline",)))
register(JobEntry("rotation reminders (daily)", _not_wired, requires=("placements.services.rotation_reminders_send",)))


def _evaluation_job(name):
    """A daily evaluation job over the whole data set, on the generator's today (rolled back after each run)."""

    def setup(ctx):
        from evaluations import services

        return lambda: getattr(services, name)(today=ctx["today"])

    return setup


for _label, _name in (
    ("evaluation dispatch (daily)", "evaluation_dispatch_due"),
    ("evaluation reminders (daily)", "evaluation_send_reminders"),
    ("evaluation expiry (daily)", "evaluation_expire_overdue"),
):
    register(JobEntry(_label, _evaluation_job(_name), requires=(f"evaluations.services.{_name}",)))


# --- the placements export and the import, measured for memory (lists branch) -----------------------------
EXPORT_ROWS = 10_000
IMPORT_ROWS = 10_000


def _export(fmt):
    """Write the first 10k placements (fewer at a small scale) as the export does, reading every byte."""

    def setup(ctx):
        from placements import exports
        from placements.filters import with_row_data

        last = Placement.objects.order_by("pk").values_list("pk", flat=True)[EXPORT_ROWS - 1 : EXPORT_ROWS].first()
        queryset = with_row_data(Placement.objects.all()).order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__lte=last)

        def run():
            if fmt == "csv":
                size = sum(len(line) for line in exports.csv_lines(queryset))
            else:
                with exports.xlsx_file(queryset) as out:
                    size = len(out.read())
            assert size > 0

        return run

    return setup


def _import_students(ctx):
    """A CSV of 10k new students for the first cohort: checked, then applied in one transaction."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import ImportJob
    from imports.services import import_job_create, import_job_run

    cohort = ctx["cohorts"][0]
    programme = cohort.programme
    leader = ctx["leaders"][0]
    lines = ["name;email;cohort;institution;level;expected_graduation"]
    lines += [
        f"Imported {i:05d};imported{i}@bench.example;{cohort.name};Bench Hogeschool;HBO;30-06-2029"
        for i in range(IMPORT_ROWS)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")

    def run():
        job = import_job_create(
            actor=leader, programme=programme, kind="students", upload=SimpleUploadedFile("bench.csv", data)
        )
        assert job.state == ImportJob.State.VALID, job.errors[:3]
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)  # what import_job_queue does
        job = import_job_run(job_id=job.pk)
        assert job.state == ImportJob.State.DONE and job.done == IMPORT_ROWS, job.errors[:3]

    return run


register(MemoryEntry("export 10k rows (CSV): peak RSS", _export("csv"), requires=("placements.exports.csv_lines",)))
register(MemoryEntry("export 10k rows (XLSX): peak RSS", _export("xlsx"), requires=("placements.exports.xlsx_file",)))
register(
    MemoryEntry("import 10k students (CSV): peak RSS", _import_students, requires=("imports.services.import_job_run",))
)
