"""With the broker down, what a person or a job asked for is committed and answered normally (never a 500);
the enqueue that failed is logged, and the sweep hands the work to a worker once the broker is back."""

import logging
from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification
from notifications.tasks import sweep_notifications
from rounds.models import MatchingRun
from rounds.reminders import rotation_reminders_send
from rounds.tasks import sweep_matching_runs
from tests.factories import PlacementFactory, ProgrammeLeaderFactory
from tests.rounds.rounds_data import round_with_preferences

pytestmark = pytest.mark.django_db

STALE = timedelta(seconds=settings.OUTBOX_STALE_SECONDS)


def test_an_invitation_is_saved_and_answered_and_waits_in_the_outbox_for_the_sweep(
    client, world, broker_down, caplog, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(world.leader)
    cohort = world.student.student.cohorts.get()
    data = {"name": "Noor de Vries", "email": "noor@example.nl", "role": "student", "cohort": cohort.pk}
    with caplog.at_level(logging.ERROR, logger="core.tasks"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:invitation_create"), data, follow=True)
    assert response.status_code == 200 and "is invited" in response.content.decode()
    assert broker_down == ["notifications.tasks.send_notifications"]
    assert "Broker unreachable" in caplog.text
    invitation = Notification.objects.get(recipient=User.objects.get(email="noor@example.nl"))
    assert invitation.status == "pending" and not mail.outbox

    broker_down.clear()
    time_machine.shift(STALE)
    assert sweep_notifications.apply().get() == 0  # still down: nothing lost, tried again later
    assert broker_down == ["notifications.tasks.send_notifications"]


def test_a_daily_job_run_while_the_broker_is_down_commits_its_rows_for_the_sweep(
    broker_down, django_capture_on_commit_callbacks
):
    placements = [PlacementFactory(start_date=date(2026, 12, 7), end_date=date(2027, 6, 30)) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        counts = rotation_reminders_send(today=date(2026, 11, 23))  # no exception: the job finishes
    assert counts.participant == 6  # each placement's student and supervisor
    assert broker_down == ["notifications.tasks.send_notifications"]
    pending = Notification.objects.filter(status="pending")
    assert pending.count() == 6
    assert min(pending.values_list("retry_at", flat=True)) <= timezone.now() + STALE  # the sweep's, soon
    assert {p.student.user.email for p in placements} <= set(pending.values_list("recipient__email", flat=True))


def test_a_matching_run_is_queued_and_answered_and_its_page_says_it_waits_for_a_worker(
    client, broker_down, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    rnd, _students, _assignments = round_with_preferences(4)
    leader = ProgrammeLeaderFactory(programme=rnd.cohort.programme).user
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rounds:round_match", args=[rnd.pk]))
    assert response.status_code == 302
    assert broker_down == ["rounds.tasks.matching_run_execute"]
    run = MatchingRun.objects.get()
    assert run.state == "queued"
    page = client.get(reverse("rounds:round_detail", args=[rnd.pk])).content.decode()
    assert "Matching in progress" in page and "Still waiting to start" not in page

    time_machine.shift(STALE + timedelta(seconds=1))  # no worker has started it: its message was lost
    page = client.get(reverse("rounds:round_detail", args=[rnd.pk])).content.decode()
    assert "Still waiting to start" in page and "Matching in progress" not in page
    assert "did not finish in time" not in page  # not taken for stopped: it has not started

    broker_down.clear()
    assert sweep_matching_runs.apply().get() == 0  # the broker is still down
    assert broker_down == ["rounds.tasks.matching_run_execute"]


def test_the_sweep_starts_a_run_whose_message_was_lost_once(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    rnd, _students, _assignments = round_with_preferences(4)
    leader = ProgrammeLeaderFactory(programme=rnd.cohort.programme).user
    run = MatchingRun.objects.create(rotation_round=rnd, created_by=leader)  # its message never reached a worker
    assert sweep_matching_runs.apply().get() == 0  # just asked for: its own message may still come
    time_machine.shift(STALE + timedelta(seconds=1))
    assert sweep_matching_runs.apply().get() == 1  # handed to a worker (eagerly here): matched
    run.refresh_from_db()
    assert (run.state, run.progress) == ("done", 100)
    assert sweep_matching_runs.apply().get() == 0


def test_the_matching_sweep_waits_for_a_quiet_queue(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    rnd, _students, _assignments = round_with_preferences(4)
    MatchingRun.objects.create(rotation_round=rnd)
    time_machine.shift(STALE + timedelta(seconds=1))
    with mock.patch("rounds.services.broker_backlog", return_value=3):
        assert sweep_matching_runs.apply().get() == 0  # its message is probably among the three
    assert MatchingRun.objects.get().state == "queued"
