"""Calendar events of the placement domain for one person's iCal feed (see accounts.calendar)."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.hooks import CalendarEvent, calendar_events
from programmes.models import RotationRound

from .models import Activity, Placement


@calendar_events.register
def events(user) -> list[CalendarEvent]:
    """The student's placements, rounds and activities; a supervisor's students' placement periods."""
    found = []
    placements = Placement.objects.live().select_related("assignment__unit", "student__user")
    student = getattr(user, "student", None)
    if student is not None:
        for p in placements.filter(student=student):
            found.append(_placement_event(p, _("Placement: %(title)s") % {"title": p.assignment.title}))
        rounds = RotationRound.objects.filter(cohort__students=student).select_related("cohort")
        for r in rounds:
            found.append(
                CalendarEvent(f"round-{r.pk}", _("Rotation: %(name)s") % {"name": r.name}, r.start_date, r.end_date)
            )
        for a in Activity.objects.filter(participants=student):
            found.append(_activity_event(a))
    supervisor = getattr(user, "supervisor", None)
    if supervisor is not None:
        for p in placements.filter(supervisor=supervisor):
            found.append(_placement_event(p, _("Intern: %(name)s") % {"name": p.student.user.name}, "supervised-"))
    return found


def _placement_event(p: Placement, summary: str, prefix: str = "") -> CalendarEvent:
    unit = p.assignment.unit
    return CalendarEvent(f"{prefix}placement-{p.public_id}", summary, p.start_date, p.end_date, unit.address, unit.name)


def _activity_event(a: Activity) -> CalendarEvent:
    """An all-day event, or a timed one (local time) when the activity has a start time (default: one hour)."""
    start, end = a.date, a.date
    if a.start_time:
        tz = timezone.get_current_timezone()
        start = datetime.combine(a.date, a.start_time, tzinfo=tz)
        end = datetime.combine(a.date, a.end_time, tzinfo=tz) if a.end_time else start + timedelta(hours=1)
    return CalendarEvent(f"activity-{a.pk}", a.title, start, end, a.location, a.description)
