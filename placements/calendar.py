"""Calendar events of the placement domain for one person's iCal feed (see accounts.calendar)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .models import Activity, Placement, RotationRound


@dataclass
class CalendarEvent:
    uid: str
    summary: str
    start: date
    end: date  # inclusive last day
    location: str = ""
    description: str = ""


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
            found.append(CalendarEvent(f"activity-{a.pk}", a.title, a.date, a.date, a.location, a.description))
    supervisor = getattr(user, "supervisor", None)
    if supervisor is not None:
        for p in placements.filter(supervisor=supervisor):
            found.append(_placement_event(p, _("Intern: %(name)s") % {"name": p.student.user.name}, "supervised-"))
    return found


def _placement_event(p: Placement, summary: str, prefix: str = "") -> CalendarEvent:
    unit = p.assignment.unit
    return CalendarEvent(f"{prefix}placement-{p.public_id}", summary, p.start_date, p.end_date, unit.address, unit.name)
