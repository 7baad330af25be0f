"""A student records a week, the supervisor approves it or returns it with a comment; the rules hold in
the service and in the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audit.models import AuditEntry
from hours.models import HoursWeek
from hours.selectors import hours_summaries
from hours.services import hours_week_review, hours_weeks_recordable

from .conftest import WEEK, record

pytestmark = pytest.mark.django_db


def test_weeks_open_to_record_are_those_of_the_placement_that_have_begun(world, today):
    weeks = hours_weeks_recordable(placement=world.placement, today=today)
    assert weeks[0] == date(2026, 7, 27)  # the week of 2026-08-01 (a Saturday) begins on Monday 27 July
    assert weeks[-1] == date(2026, 11, 23)  # this week, not the next ones
    assert all(week.weekday() == 0 for week in weeks)


@pytest.mark.parametrize("week", [date(2026, 11, 30), date(2026, 7, 20), date(2026, 11, 17)])
def test_a_future_week_a_week_outside_the_placement_or_not_a_monday_is_refused(world, today, week):
    with pytest.raises(ValidationError):
        record(world, week=week)
    assert not HoursWeek.objects.exists()


def test_hours_beyond_a_sane_week_are_refused_by_the_service_and_the_database(world, today):
    with pytest.raises(ValidationError):
        record(world, hours="61")
    week = record(world, submit=False)
    with pytest.raises(IntegrityError):
        HoursWeek.objects.filter(pk=week.pk).update(hours_worked=Decimal("99"))


def test_one_row_per_placement_and_week(world, today):
    record(world, submit=False)
    record(world, hours="30", submit=False)  # the same week again: changed, not doubled
    assert HoursWeek.objects.get().hours_worked == Decimal("30")
    with pytest.raises(IntegrityError):
        HoursWeek.objects.create(placement=world.placement, week_start=WEEK, hours_worked=1)


def test_a_returned_week_is_corrected_and_resubmitted_and_an_approved_week_is_final(world, today):
    week = record(world)
    with pytest.raises(ValidationError):
        hours_week_review(week=week, decision="return", comment="  ", actor=world.supervisor)
    week = hours_week_review(week=week, decision="return", comment="Dinsdag was je vrij", actor=world.supervisor)
    assert (week.status, week.review_comment) == ("returned", "Dinsdag was je vrij")
    week = record(world, hours="24")
    assert week.status == "submitted"
    week = hours_week_review(week=week, decision="approve", actor=world.supervisor)
    assert (week.status, week.reviewed_by) == ("approved", world.supervisor)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        record(world, hours="40")
    with pytest.raises(ValidationError):
        hours_week_review(week=week, decision="return", comment="Toch niet", actor=world.supervisor)
    actions = list(AuditEntry.objects.filter(object_id=str(week.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "hours_week.submitted",
        "hours_week.returned",
        "hours_week.submitted",
        "hours_week.approved",
    ]


def test_the_summary_counts_approved_hours_against_the_required_ones(world, today, required):
    approved = record(world, week=date(2026, 11, 9), hours="36")
    hours_week_review(week=approved, decision="approve", actor=world.supervisor)
    record(world, hours="20")  # submitted, awaiting approval
    record(world, week=date(2026, 11, 2), hours="10", submit=False)  # a draft counts nowhere
    summary = hours_summaries(placement_ids=[world.placement.pk])[world.placement.pk]
    assert (summary.required, summary.approved, summary.submitted, summary.absence) == (400, 36, 20, 4)
    assert summary.percent == 9
