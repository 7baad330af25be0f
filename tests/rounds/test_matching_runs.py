"""The leader's "Run matching" as a background run: the click queues a MatchingRun, the worker's task
matches and stores the proposal, and the round's page follows its progress."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from programmes.models import RotationRound
from rounds import matching
from rounds.models import MatchingRun, MatchProposal
from rounds.services import (
    matching_input,
    preferences_set,
    rotation_round_match,
    rotation_round_set_state,
)
from rounds.tasks import matching_run_execute
from tests.factories import ProgrammeLeaderFactory

from .rounds_data import round_with_preferences

pytestmark = pytest.mark.django_db
State = RotationRound.State
Run = MatchingRun.State


@pytest.fixture
def rnd():
    rotation_round, _students, _assignments = round_with_preferences(4)
    return rotation_round


@pytest.fixture
def leader(rnd):
    return ProgrammeLeaderFactory(programme=rnd.cohort.programme).user


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _click(client, rnd):
    return client.post(reverse("rounds:round_match", args=[rnd.pk]))


def _running(rnd, leader, **fields) -> MatchingRun:
    values = {"state": Run.RUNNING, "started_at": timezone.now(), "progress": 40, "stage": "solving"}
    return MatchingRun.objects.create(rotation_round=rnd, created_by=leader, **values | fields)


def test_a_click_queues_a_run_that_the_worker_turns_into_the_proposal(
    client, rnd, leader, django_capture_on_commit_callbacks
):
    expected = matching.match(*matching_input(rnd))  # what rotation_round_match stored inside the request
    client.force_login(leader)
    with django_capture_on_commit_callbacks() as tasks:
        response = _click(client, rnd)
    assert response.url == reverse("rounds:round_detail", args=[rnd.pk])
    assert "The matching has started" in _messages(response)
    run = MatchingRun.objects.get()
    assert (run.state, run.created_by, run.progress) == (Run.QUEUED, leader, 0)
    assert not MatchProposal.objects.exists()  # nothing was matched inside the request
    assert len(tasks) == 1

    tasks[0]()  # the worker picks the task up (eagerly here)
    run.refresh_from_db()
    assert (run.state, run.progress, run.stage, run.error) == (Run.DONE, 100, "done", "")
    assert run.started_at <= run.finished_at
    rnd.refresh_from_db()
    assert rnd.state == State.MATCHED
    stored = MatchProposal.objects.filter(rotation_round=rnd).order_by("student_id")
    assert [(p.student_id, p.assignment_id, p.rank, p.cost, p.reason) for p in stored] == [
        (m.student_id, m.assignment_id, m.rank, m.cost, m.reason) for m in expected.matches
    ]
    audited = AuditEntry.objects.filter(actor=leader).values_list("action", flat=True)
    assert {"rotation_round.matched", "rotation_round.match_run"} <= set(audited)


def test_a_second_click_while_the_matching_runs_is_refused_politely(
    client, rnd, leader, django_capture_on_commit_callbacks
):
    _running(rnd, leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks() as tasks:
        response = _click(client, rnd)
    assert response.status_code == 302
    assert "The matching of this round is running already" in _messages(response)
    assert MatchingRun.objects.count() == 1 and not tasks
    # The database refuses a second unfinished run whatever the code above does.
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchingRun.objects.create(rotation_round=rnd, created_by=leader)


def test_a_click_on_a_round_that_cannot_be_matched_says_why(client, rnd, leader):
    RotationRound.objects.filter(pk=rnd.pk).update(state=State.DRAFT)
    client.force_login(leader)
    response = _click(client, rnd)
    assert "Matching needs a round with preferences open or already matched." in _messages(response)
    assert not MatchingRun.objects.exists()


def test_a_task_delivered_twice_does_nothing_the_second_time(client, rnd, leader, django_capture_on_commit_callbacks):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        _click(client, rnd)
    run = MatchingRun.objects.get()
    proposals = list(MatchProposal.objects.values_list("pk", flat=True))
    audit = AuditEntry.objects.count()

    matching_run_execute(run.pk)  # redelivered after the first delivery finished

    assert list(MatchProposal.objects.values_list("pk", flat=True)) == proposals
    assert AuditEntry.objects.count() == audit
    assert MatchingRun.objects.get() == run and run.finished_at == MatchingRun.objects.get().finished_at
    # Delivered twice while the first delivery still runs: the second finds nothing to claim either.
    RotationRound.objects.filter(pk=rnd.pk).update(state=State.PREFERENCES_OPEN)
    running = _running(rnd, leader)
    matching_run_execute(running.pk)
    running.refresh_from_db()
    assert (running.state, running.progress) == (Run.RUNNING, 40)
    assert list(MatchProposal.objects.values_list("pk", flat=True)) == proposals


def test_a_failing_solver_marks_the_run_failed_with_its_message(
    client, rnd, leader, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("min-cost flow failed with status 3")

    monkeypatch.setattr(matching, "match", broken)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        _click(client, rnd)
    run = MatchingRun.objects.get()
    assert run.state == Run.FAILED and run.error == "min-cost flow failed with status 3"
    assert run.finished_at is not None
    rnd.refresh_from_db()
    assert rnd.state == State.PREFERENCES_OPEN and not MatchProposal.objects.exists()
    # The round's page says what went wrong and offers the button again.
    page = client.get(reverse("rounds:round_detail", args=[rnd.pk])).content.decode()
    assert "failed; nothing was changed." in page and "min-cost flow failed with status 3" in page
    assert reverse("rounds:round_match", args=[rnd.pk]) in page and "hx-trigger" not in page


def test_a_round_changed_before_the_worker_starts_fails_the_run_with_the_rule(
    client, rnd, leader, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks() as tasks:
        _click(client, rnd)
    RotationRound.objects.filter(pk=rnd.pk).update(state=State.DRAFT)  # e.g. in the admin
    tasks[0]()
    run = MatchingRun.objects.get()
    assert run.state == Run.FAILED
    # In the language of the leader who clicked (Dutch unless they chose otherwise).
    assert run.error == "Indelen kan alleen bij een ronde waarvan de voorkeuren open zijn of die al is ingedeeld."
    assert not MatchProposal.objects.exists()


def test_matching_reports_each_step_before_it_starts(rnd):
    steps = []
    rotation_round_match(rotation_round=rnd, progress=lambda stage, percent: steps.append((stage, percent)))
    assert steps == [("reading", 10), ("solving", 40), ("storing", 85)]


def test_the_progress_fragment_polls_while_running_and_reloads_the_page_when_done(client, rnd, leader):
    run = _running(rnd, leader)
    client.force_login(leader)
    url = reverse("rounds:round_matching_progress", args=[rnd.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "HX-Refresh" not in response.headers
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert "Computing the best matching" in page and 'value="40"' in page

    rotation_round_match(rotation_round=rnd, actor=leader)
    MatchingRun.objects.filter(pk=run.pk).update(state=Run.DONE, progress=100, finished_at=timezone.now())
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()
    assert "Matching done: 3 of 4 students have a proposed assignment." in _messages(response)


def test_the_progress_of_another_programmes_round_is_not_found(client, rnd, leader):
    _running(rnd, leader)
    client.force_login(ProgrammeLeaderFactory().user)
    assert client.get(reverse("rounds:round_matching_progress", args=[rnd.pk])).status_code == 404
    assert client.get(reverse("rounds:round_detail", args=[rnd.pk])).status_code == 404


def test_the_round_page_during_a_run_shows_its_progress_instead_of_the_buttons(client, rnd, leader):
    MatchingRun.objects.create(rotation_round=rnd, created_by=leader)
    client.force_login(leader)
    page = client.get(reverse("rounds:round_detail", args=[rnd.pk])).content.decode()
    assert 'id="matching-progress"' in page and 'hx-trigger="every 1s"' in page
    assert "Waiting for a free worker" in page and "vendor/htmx/htmx.min.js" in page
    assert "includeIndicatorStyles" in page  # htmx adds no inline style: the CSP allows none
    assert reverse("rounds:round_match", args=[rnd.pk]) not in page
    assert "The next steps are available once the matching has finished." in page


def test_what_matching_reads_stays_still_while_it_runs(rnd, leader):
    student = rnd.cohort.students.order_by("pk").first()
    ranking = list(rnd.preferences.filter(student=student).order_by("-rank").values_list("assignment_id", flat=True))
    _running(rnd, leader)
    with pytest.raises(ValidationError, match="The matching of this round is running"):
        preferences_set(student=student, rotation_round=rnd, assignment_ids=ranking)
    with pytest.raises(ValidationError, match="The matching of this round is running"):
        rotation_round_set_state(rotation_round=rnd, state=State.DRAFT)
    MatchingRun.objects.update(state=Run.FAILED)
    preferences_set(student=student, rotation_round=rnd, assignment_ids=ranking)


def test_a_run_that_lost_its_worker_gives_the_button_back(client, rnd, leader, django_capture_on_commit_callbacks):
    lost = _running(rnd, leader, started_at=timezone.now() - MatchingRun.STALE_AFTER - timedelta(minutes=1))
    client.force_login(leader)
    page = client.get(reverse("rounds:round_detail", args=[rnd.pk])).content.decode()
    assert "The matching did not finish in time" in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks(execute=True):
        _click(client, rnd)
    lost.refresh_from_db()
    assert lost.state == Run.FAILED and "interrupted" in lost.error
    assert MatchingRun.objects.exclude(pk=lost.pk).get().state == Run.DONE


@pytest.mark.django_db(transaction=True)
def test_each_step_is_committed_before_it_starts_and_the_solver_holds_no_transaction(rnd, leader, monkeypatch):
    seen = []
    solve = matching.match

    def watched(*args, **kwargs):
        seen.append((connection.in_atomic_block, MatchingRun.objects.values_list("state", "stage").get()))
        return solve(*args, **kwargs)

    monkeypatch.setattr(matching, "match", watched)
    run = MatchingRun.objects.create(rotation_round=rnd, created_by=leader)
    # The task called as the worker calls it (not .delay: tests/notifications/test_worker.py leaves its own
    # Celery client as the current app, and a shared task's .delay then goes to its broker).
    matching_run_execute(run.pk)
    assert seen == [(False, (Run.RUNNING, "solving"))]  # autocommit: the leader's page sees "solving"
    assert MatchingRun.objects.get().state == Run.DONE


def test_a_run_stopped_by_its_time_limit_says_so_in_the_leaders_language(
    client, rnd, leader, monkeypatch, django_capture_on_commit_callbacks
):
    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(matching, "match", too_slow)
    leader.language = "en"
    leader.save(update_fields=["language"])
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        _click(client, rnd)
    run = MatchingRun.objects.get()
    assert run.state == Run.FAILED
    assert run.error == "The matching took longer than 9 minutes and was stopped."
