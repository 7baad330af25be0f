"""Writes of the hours domain: a student records and submits a week, the workplace supervisor approves or
returns it, a leader sets the programme's required hours.

A week's life: draft -> submitted -> approved (final) or returned -> (edited) -> submitted again. Every
function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule is
broken, and then writes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log, diff, snapshot
from placements.models import Placement

from .models import MAX_WEEK_HOURS, HoursWeek

EDITABLE = (HoursWeek.Status.DRAFT, HoursWeek.Status.RETURNED)
# What each review does to a submitted week.
REVIEWS = {"approve": HoursWeek.Status.APPROVED, "return": HoursWeek.Status.RETURNED}
STATE_FIELDS = ["hours_worked", "absence_hours", "note", "status", "review_comment"]


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hours_weeks_recordable(*, placement: Placement, today: date) -> list[date]:
    """The Mondays of the weeks the student may record: weeks that overlap the placement's period and have
    begun (not a future week), oldest first."""
    if placement.status == Placement.Status.CANCELLED:
        return []
    first = week_monday(placement.start_date)
    last = min(week_monday(placement.end_date), week_monday(today))
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)] if last >= first else []


def hours_week_check(*, placement: Placement, week_start: date, hours_worked, absence_hours, today: date) -> None:
    """The rules of a week's figures, also used by the form for its messages. Raises ValidationError."""
    if week_start not in hours_weeks_recordable(placement=placement, today=today):
        raise ValidationError(
            _("Hours can only be recorded for a week of the placement's period that has begun."), code="week"
        )
    for value in (hours_worked, absence_hours):
        if value is None or not Decimal(0) <= Decimal(value) <= MAX_WEEK_HOURS:
            raise ValidationError(
                _("Hours in a week are between 0 and %(max)d.") % {"max": MAX_WEEK_HOURS}, code="bounds"
            )


def _state(week: HoursWeek) -> dict:
    return snapshot(week, STATE_FIELDS)


@transaction.atomic
def hours_week_save(
    *,
    placement: Placement,
    week_start: date,
    hours_worked: Decimal,
    absence_hours: Decimal = Decimal(0),
    note: str = "",
    submit: bool = False,
    actor=None,
    today: date | None = None,
) -> HoursWeek:
    """Record (or change) the student's hours of one week, and submit it for approval when `submit`.

    A submitted or approved week cannot be changed; a returned one can, and is submitted again. The
    placement's row is locked so that two saves of one week follow each other (the unique constraint is
    the backstop). Audited. Raises ValidationError.
    """
    today = today or timezone.localdate()
    hours_week_check(
        placement=placement, week_start=week_start, hours_worked=hours_worked, absence_hours=absence_hours, today=today
    )
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    week = HoursWeek.objects.filter(placement=placement, week_start=week_start).first()
    if week is not None and week.status not in EDITABLE:
        raise ValidationError(
            _("Week %(week)s has been %(status)s and can no longer be changed.")
            % {"week": week.iso_week, "status": week.get_status_display().lower()},
            code="final",
        )
    created = week is None
    before = {} if created else _state(week)
    week = week or HoursWeek(placement=placement, week_start=week_start)
    week.hours_worked, week.absence_hours, week.note = hours_worked, absence_hours, note.strip()
    if submit:
        week.status, week.submitted_at = HoursWeek.Status.SUBMITTED, timezone.now()
    try:
        with transaction.atomic():
            week.save()
    except IntegrityError as exc:
        raise ValidationError(_("These hours could not be saved; please try again."), code="integrity") from exc
    action = "hours_week.submitted" if submit else ("hours_week.created" if created else "hours_week.updated")
    audit_log(actor=actor, action=action, instance=week, changes=diff(before, _state(week)))
    return week


@transaction.atomic
def hours_week_review(*, week: HoursWeek, decision: str, comment: str = "", actor=None) -> HoursWeek:
    """The workplace supervisor approves a submitted week (final) or returns it with a comment for the
    student to correct. Audited. Raises ValidationError for another state or a return without comment."""
    if decision not in REVIEWS:
        raise ValidationError(_("Choose to approve or to return the week."), code="decision")
    comment = comment.strip()
    if decision == "return" and not comment:
        raise ValidationError(_("Say what the student should correct when you return a week."), code="comment")
    week = HoursWeek.objects.select_for_update().select_related("placement__student__user").get(pk=week.pk)
    if week.status != HoursWeek.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted week can be approved or returned; this one is %(status)s.")
            % {"status": week.get_status_display().lower()},
            code="state",
        )
    before = _state(week)
    week.status = REVIEWS[decision]
    week.review_comment = comment
    week.reviewed_at = timezone.now()
    week.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    week.save()
    audit_log(actor=actor, action=f"hours_week.{week.status}", instance=week, changes=diff(before, _state(week)))
    return week
