"""A week whose hours are not submitted by the Monday after it is reminded to the student by the daily
job, once; weeks submitted, programmes that keep no hours and weeks outside the placement are not."""

from datetime import date

import pytest
from django.core import mail

from hours.reminders import late_week_reminders_send, late_weeks
from hours.tasks import send_late_week_reminders
from notifications.models import Notification

from .conftest import WEEK, record

pytestmark = pytest.mark.django_db
TUESDAY = date(2026, 11, 24)  # the week of 16 November is late from today


def test_a_week_is_late_from_the_tuesday_after_it():
    assert late_weeks(today=date(2026, 11, 23))[0] == date(2026, 11, 9)
    assert late_weeks(today=TUESDAY) == [WEEK, date(2026, 11, 9)]


def test_the_late_week_is_reminded_once_and_a_submitted_one_not_at_all(
    world, today, required, time_machine, django_capture_on_commit_callbacks
):
    record(world, week=date(2026, 11, 9))  # submitted in time
    record(world, submit=False)  # a draft of the week of 16 November: not submitted
    mail.outbox.clear()
    time_machine.move_to(TUESDAY, tick=False)
    # The world's student misses the week of the 16th; the other programme's student misses both weeks.
    with django_capture_on_commit_callbacks(execute=True):
        assert late_week_reminders_send(today=TUESDAY) == 3
    assert late_week_reminders_send(today=TUESDAY) == 0
    assert send_late_week_reminders.apply(kwargs={"today": "2026-11-25"}).get() == 0
    mine = Notification.objects.get(recipient=world.student)
    assert (mine.kind, mine.window, mine.status) == ("hours.week_late", "week-2026-11-16", "sent")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.student.email] + [world.other_student.email] * 2)
    message = next(m for m in mail.outbox if m.to == [world.student.email])
    assert "47" in message.subject  # the week's number, in the student's language
    assert f"/placements/{world.placement.public_id}/hours/" in message.body


def test_programmes_that_keep_no_hours_send_no_reminders(world, today):
    assert late_week_reminders_send(today=TUESDAY) == 0


def test_a_placement_that_ended_before_the_late_weeks_is_not_reminded(world, today, required):
    world.other_placement.end_date = date(2026, 11, 1)
    world.other_placement.save()
    assert late_week_reminders_send(today=TUESDAY) == 2  # the world's student, for both weeks
    assert set(Notification.objects.values_list("recipient", flat=True)) == {world.student.pk}
