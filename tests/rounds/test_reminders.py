"""Rotation reminders: due from the reminder day until the event, queued once, in the recipient's language."""

import smtplib
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from notifications.services import MAX_ATTEMPTS, notification_send, notifications_sweep
from notifications.tasks import send_notifications
from placements.models import Placement
from rounds.models import Preference
from rounds.reminders import rotation_reminders_send

from ..factories import (
    AssignmentFactory,
    CohortFactory,
    PlacementFactory,
    ProgrammeLeaderFactory,
    RotationRoundFactory,
    StudentFactory,
    SupervisorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def _send(today, capture):
    with capture(execute=True):
        return rotation_reminders_send(today=today)


@pytest.fixture
def upcoming_round(db):
    """A round starting exactly six weeks after TODAY; Bo is placed, Ans has ranked, nobody else did either."""
    leader = ProgrammeLeaderFactory(user=UserFactory(name="Lea", language="en"))
    bo, ans = StudentFactory(user__name="Bo"), StudentFactory(user__name="Ans")
    cohort = CohortFactory(programme=leader.programme, students=[bo, ans])
    rnd = RotationRoundFactory(cohort=cohort, start_date=TODAY + timedelta(weeks=6), end_date=date(2027, 7, 1))
    assignment = AssignmentFactory(programme=leader.programme)
    PlacementFactory(
        student=bo, assignment=assignment, rotation_round=rnd, start_date=rnd.start_date, end_date=rnd.end_date
    )
    Preference.objects.create(student=ans, rotation_round=rnd, assignment=assignment, rank=1)
    return rnd


def test_leader_hears_six_weeks_before_who_is_unplaced_and_who_has_not_ranked(
    upcoming_round, django_capture_on_commit_callbacks
):
    counts = _send(TODAY, django_capture_on_commit_callbacks)
    leader_mail = [m for m in mail.outbox if m.to == ["lea@example.com"] or "Lea" in m.body]
    assert counts.leader == 1 and len(leader_mail) == 1
    body = leader_mail[0].body
    assert "Hello Lea" in body
    assert "Not yet placed:\n- Ans" in body
    assert "Have not ranked the assignments yet:\n- Bo" in body
    assert "/leader/" in body and leader_mail[0].alternatives[0][1] == "text/html"
    assert Notification.objects.get(kind="rotation_round.leader_reminder").window == "6w-before-2027-01-04"


def test_running_twice_or_the_next_day_sends_nothing_new(upcoming_round, django_capture_on_commit_callbacks):
    _send(TODAY, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert _send(TODAY, django_capture_on_commit_callbacks).total == 0
    assert _send(TODAY + timedelta(days=1), django_capture_on_commit_callbacks).total == 0
    assert len(mail.outbox) == sent


def test_a_missed_day_is_caught_up_and_the_two_week_reminder_follows(
    upcoming_round, django_capture_on_commit_callbacks
):
    assert _send(TODAY - timedelta(days=1), django_capture_on_commit_callbacks).leader == 0
    assert _send(TODAY + timedelta(days=3), django_capture_on_commit_callbacks).leader == 1
    assert _send(TODAY + timedelta(weeks=4), django_capture_on_commit_callbacks).leader == 1
    assert _send(upcoming_round.start_date + timedelta(days=1), django_capture_on_commit_callbacks).total == 0
    windows = sorted(
        Notification.objects.filter(kind="rotation_round.leader_reminder").values_list("window", flat=True)
    )
    assert windows == ["2w-before-2027-01-04", "6w-before-2027-01-04"]


def test_student_and_supervisor_hear_two_weeks_before_start_and_end(django_capture_on_commit_callbacks):
    student = StudentFactory(user__name="Sam", user__language="nl")
    supervisor = SupervisorFactory(user__name="Vera", user__language="en")
    placement = PlacementFactory(
        student=student, supervisor=supervisor, start_date=TODAY + timedelta(days=14), end_date=date(2027, 3, 1)
    )
    counts = _send(TODAY, django_capture_on_commit_callbacks)
    assert counts.participant == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Hallo Sam" in by_recipient[student.user.email].body or "Sam" in by_recipient[student.user.email].body
    assert "Hello Vera" in by_recipient[supervisor.user.email].body
    assert str(placement.public_id) in by_recipient[supervisor.user.email].body
    assert "starts on 7 December 2026" in by_recipient[supervisor.user.email].body
    assert Notification.objects.filter(student=student).count() == 2
    assert _send(date(2027, 2, 15), django_capture_on_commit_callbacks).participant == 2
    assert any("ends on 1 March 2027" in message.body for message in mail.outbox[-2:])
    assert set(Notification.objects.values_list("kind", flat=True)) == {
        "placement.start_reminder",
        "placement.end_reminder",
    }


def test_a_reminder_shows_its_placement_as_it_is_when_sent(django_capture_on_commit_callbacks):
    """The row names only the placement; a start moved after queueing is told with its new date, the
    student in their own words and the supervisor with the student's name."""
    student = StudentFactory(user__name="Sam", user__language="en")
    supervisor = SupervisorFactory(user__name="Vera", user__language="en")
    placement = PlacementFactory(
        student=student, supervisor=supervisor, start_date=TODAY + timedelta(days=14), end_date=date(2027, 3, 1)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert rotation_reminders_send(today=TODAY).participant == 2
    assert list(Notification.objects.values_list("context", flat=True)) == [{}, {}]
    Placement.objects.filter(pk=placement.pk).update(start_date=TODAY + timedelta(days=15))
    for callback in callbacks:
        callback()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "Your placement on" in by_recipient[student.user.email]
    assert "The placement of Sam on" in by_recipient[supervisor.user.email]
    assert all("starts on 8 December 2026" in body for body in by_recipient.values())


def _placements(count):
    leader = ProgrammeLeaderFactory()
    cohort = CohortFactory(programme=leader.programme)
    rnd = RotationRoundFactory(cohort=cohort, start_date=TODAY + timedelta(days=10), end_date=date(2027, 6, 1))
    for _ in range(count):
        student = StudentFactory()
        cohort.students.add(student)
        PlacementFactory(
            student=student,
            assignment__programme=leader.programme,
            rotation_round=rnd,
            start_date=rnd.start_date,
            end_date=rnd.end_date,
        )


def _steady_state_queries(capture) -> int:
    _send(TODAY, capture)
    with CaptureQueriesContext(connection) as queries:
        assert rotation_reminders_send(today=TODAY).total == 0
    return len(queries)


def test_queries_per_run_do_not_grow_with_the_number_of_placements(django_capture_on_commit_callbacks):
    _placements(5)
    with CaptureQueriesContext(connection) as first_run:
        counts = _send(TODAY, django_capture_on_commit_callbacks)
    assert counts.participant == 2 * 5 and counts.leader == 1
    with_five = _steady_state_queries(django_capture_on_commit_callbacks)
    _placements(45)
    with_fifty = _steady_state_queries(django_capture_on_commit_callbacks)
    # The programmes' reminder settings; leader part: rounds, sent reminders, cohort members, placed,
    # ranked, leaders; participant part: placements, sent reminders; plus the transaction's own statements.
    assert with_five == with_fifty == 11
    assert len(first_run) > with_five  # each newly due message costs its insert (and its send)


def _unrelated(count):
    """Placements, rounds and messages that are not due on TODAY: long over, far ahead, or queued for other
    windows; what a table holds after years of use."""
    leader = ProgrammeLeaderFactory()
    cohort = CohortFactory(programme=leader.programme)
    for year in (2019, 2030):
        rnd = RotationRoundFactory(cohort=cohort, start_date=date(year, 2, 1), end_date=date(year, 7, 31))
        for _ in range(count):
            student = StudentFactory()
            cohort.students.add(student)
            placement = PlacementFactory(
                student=student,
                assignment__programme=leader.programme,
                rotation_round=rnd,
                start_date=rnd.start_date,
                end_date=rnd.end_date,
            )
            Notification.objects.create(
                kind="placement.end_reminder",
                object_key=f"placement:{placement.pk}",
                recipient=student.user,
                window=f"2w-before-{rnd.end_date.isoformat()}",
                template="placement_reminder",
                status=Notification.Status.SENT,
            )


def test_a_run_costs_the_same_queries_and_finds_the_same_messages_beside_unrelated_data(
    django_capture_on_commit_callbacks,
):
    _placements(5)
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as alone:
        counts = rotation_reminders_send(today=TODAY)
    assert (counts.leader, counts.participant) == (1, 2 * 5)
    queued = set(Notification.objects.values_list("kind", "object_key", "recipient_id", "window"))
    Notification.objects.all().delete()
    _unrelated(20)
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as beside:
        assert rotation_reminders_send(today=TODAY) == counts
    assert len(beside) == len(alone)
    new = Notification.objects.exclude(status=Notification.Status.SENT)
    assert set(new.values_list("kind", "object_key", "recipient_id", "window")) == queued


def test_a_failing_mail_server_is_retried_with_backoff_by_the_sweep_then_recorded(
    django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(datetime(2026, 11, 23, 7, 0, tzinfo=UTC), tick=False)
    PlacementFactory(start_date=TODAY + timedelta(days=3), end_date=date(2027, 3, 1), supervisor=None)
    with django_capture_on_commit_callbacks(execute=False):
        rotation_reminders_send(today=TODAY)
    notification = Notification.objects.get()
    failure = smtplib.SMTPServerDisconnected("connection refused")
    waits = []
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=failure) as send:
        send_notifications.apply(args=[[notification.pk]])  # the batch's try
        for _ in range(MAX_ATTEMPTS - 1):
            notification.refresh_from_db()
            assert notification.status == Notification.Status.PENDING
            waits.append(int((notification.retry_at - timezone.now()).total_seconds()))
            assert notifications_sweep() == 0  # not before the backoff is over
            time_machine.move_to(notification.retry_at, tick=False)
            assert notifications_sweep() == 1  # the sweep hands it to a worker (here: at once) for the next try
    notification.refresh_from_db()
    assert waits == [60, 120, 240, 480, 960]
    assert send.call_count == MAX_ATTEMPTS == notification.attempts
    assert notification.status == Notification.Status.FAILED
    assert "SMTPServerDisconnected" in notification.last_error
    assert notifications_sweep() == 0 and len(mail.outbox) == 0


def test_a_mail_error_is_recorded_and_the_next_try_sends(django_capture_on_commit_callbacks):
    PlacementFactory(start_date=TODAY + timedelta(days=3), end_date=date(2027, 3, 1), supervisor=None)
    failure = smtplib.SMTPServerDisconnected("connection refused")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=failure):
        with django_capture_on_commit_callbacks(execute=False):
            rotation_reminders_send(today=TODAY)
        notification = Notification.objects.get()
        assert notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification_send(notification_id=notification.pk) is True
    assert notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == ("sent", 2, "")


# 30 placements are 60 messages: one INSERT on SQLite too (999 bound parameters a statement, 12 a row).
@pytest.mark.parametrize("count", [5, 30])
def test_a_run_with_everything_due_costs_the_same_queries_at_any_size(
    count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _placements(count)
    # the steady-state reads (12) plus, per part, one bulk insert and one read of the new ids
    with django_capture_on_commit_callbacks(execute=False), django_assert_max_num_queries(16):
        counts = rotation_reminders_send(today=TODAY)
    assert counts.participant == 2 * count and counts.leader == 1
    assert Notification.objects.count() == 2 * count + 1
