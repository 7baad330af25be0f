"""The bench at a tiny scale, so the generator and the harness do not rot between real runs."""

import pytest

from bench import entries  # registers the entries
from bench.generate import generate
from bench.harness import (
    NOT_AVAILABLE,
    REGISTRY,
    PageEntry,
    capture_queries,
    client_for,
    measure_peak_rss,
    session_cookie,
    time_client,
    time_raw_sql,
)
from placements.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(settings, today):
    settings.ROOT_URLCONF = "bench.urls"
    return generate(scale=0.005, today=today, log=lambda *a: None)


def test_generated_data_respect_overlap_and_capacity(data):
    assert Placement.objects.count() == data["sizes"]["students"] * data["sizes"]["rounds"]
    for placement in Placement.objects.select_related("assignment")[:200]:
        same_round = Placement.objects.filter(rotation_round=placement.rotation_round, assignment=placement.assignment)
        assert same_round.count() <= placement.assignment.capacity
        assert not (
            Placement.objects.filter(student=placement.student_id)
            .exclude(pk=placement.pk)
            .overlapping(placement.start_date, placement.end_date)
            .exists()
        )


def test_every_present_page_is_measured(data):
    pages = [e for e in REGISTRY if isinstance(e, PageEntry) and e.available()]
    assert len(pages) >= 3
    for entry in pages:
        user, url = entry.setup(data)
        client = client_for(session_cookie(user))
        assert time_client(client, url, 1)
        statements = capture_queries(client, url)
        assert statements
        assert len(time_raw_sql(statements, 2)) == 2
    assert time_client(client, "/__bench__/bare/", 1)


def test_entries_waiting_for_other_branches_say_so():
    missing = [e for e in REGISTRY if not e.available()]
    assert all(not e.available() for e in missing)
    assert NOT_AVAILABLE == "not available in this build"


@pytest.mark.django_db(False)
def test_peak_rss_grows_with_what_the_callable_holds():
    result = measure_peak_rss(lambda: bytearray(50 * 2**20))
    assert result["growth_mib"] >= 40


def test_generated_evaluations_are_answered_and_valid(data):
    from evaluations.models import Answer, EvaluationRequest

    assert data["answers"] == Answer.objects.count() > 0
    submitted = EvaluationRequest.objects.filter(state="submitted")
    assert submitted.count() * 4 == data["answers"]
    assert not submitted.filter(response__isnull=True).exists()
    assert set(EvaluationRequest.objects.values_list("placement__status", flat=True)) == {Placement.Status.COMPLETED}


def test_evaluation_jobs_are_wired_and_run(data):
    from bench.harness import JobEntry, time_job

    jobs = [e for e in REGISTRY if isinstance(e, JobEntry) and e.name.startswith("evaluation")]
    assert len(jobs) == 3 and all(e.available() for e in jobs)
    for entry in jobs:
        assert len(time_job(entry.setup(data), 1, True)) == 1


def test_export_and_import_memory_entries_run(data, monkeypatch):
    """The callables the memory entries measure do their work (run here without forking, at a tiny size)."""
    from bench.harness import MemoryEntry
    from imports.models import ImportJob

    monkeypatch.setattr(entries, "IMPORT_ROWS", 30)
    mine = [e for e in REGISTRY if isinstance(e, MemoryEntry) and e.name.startswith(("export 10k", "import 10k"))]
    assert len(mine) == 3 and all(e.available() for e in mine)
    for entry in mine:
        entry.setup(data)()
    assert ImportJob.objects.get().state == ImportJob.State.DONE


def test_the_daily_jobs_are_measured_on_their_busiest_day(data):
    from django.db import transaction

    from bench.harness import JobEntry
    from evaluations.models import EvaluationRequest
    from notifications.models import Notification

    jobs = {e.name: e for e in REGISTRY if isinstance(e, JobEntry) and e.available() and "matching" not in e.name}
    assert set(jobs) >= {"rotation reminders (daily)", "evaluation dispatch (daily)"}
    active = Placement.objects.filter(status=Placement.Status.ACTIVE).count()
    with transaction.atomic():
        jobs["rotation reminders (daily)"].setup(data)()
        # an end reminder to the student and the supervisor of every active placement, and start reminders
        assert Notification.objects.filter(kind="placement.end_reminder").count() == 2 * active
        transaction.set_rollback(True)
    dispatch = jobs["evaluation dispatch (daily)"].setup(data)
    before = EvaluationRequest.objects.count()
    with transaction.atomic():
        dispatch()
        assert EvaluationRequest.objects.count() - before == 2 * active
        transaction.set_rollback(True)
