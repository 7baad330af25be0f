"""Calendar events of placements and activities for one person's iCal feed (collected by accounts.calendar)."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.hooks import CalendarEvent, calendar_events

from .access import activities_for_user
from .models import Activity, Placement, ProjectGroup, ProjectGroupMember


@calendar_events.register
def events(user) -> list[CalendarEvent]:
    """The student's placements and activities; a supervisor's students' placement periods; the activities
    of the programmes a leader leads."""
    found = []
    placements = Placement.objects.live().select_related("assignment__unit", "student__user")
    student = getattr(user, "student", None)
    if student is not None:
        for p in placements.filter(student=student):
            found.append(_placement_event(p, _("Placement: %(title)s") % {"title": p.assignment.title}))
        for a in Activity.objects.filter(participants=student):
            found.append(_activity_event(a))
    supervisor = getattr(user, "supervisor", None)
    if supervisor is not None:
        for p in placements.filter(supervisor=supervisor):
            found.append(_placement_event(p, _("Intern: %(name)s") % {"name": p.student.user.name}, "supervised-"))
    for a in activities_for_user(user):  # a leader's programmes' activities (none for anyone else)
        found.append(_activity_event(a, prefix="led-"))
    for group in _presenting_groups(user):
        found.append(_presentation_event(group))
    return found


def _presenting_groups(user):
    """The project groups with a planned presentation of which the person is a (live) member."""
    if getattr(user, "student", None) is None:
        return ProjectGroup.objects.none()
    member = (
        ProjectGroupMember.objects.filter(placement__student__user=user)
        .exclude(placement__status=Placement.Status.CANCELLED)
        .values("group_id")
    )
    return ProjectGroup.objects.filter(pk__in=member, presentation_date__isnull=False).select_related("assignment")


def _presentation_event(group: ProjectGroup) -> CalendarEvent:
    """The group's final presentation: all day, or timed (local time; default one hour) as an activity."""
    start, end = group.presentation_date, group.presentation_date
    if group.presentation_start_time:
        tz = timezone.get_current_timezone()
        start = datetime.combine(start, group.presentation_start_time, tzinfo=tz)
        end_time = group.presentation_end_time
        end = datetime.combine(end, end_time, tzinfo=tz) if end_time else start + timedelta(hours=1)
    summary = _("Final presentation: %(group)s") % {"group": group.name}
    return CalendarEvent(
        f"project-group-{group.public_id}", summary, start, end, group.presentation_location, group.assignment.title
    )


def _placement_event(p: Placement, summary: str, prefix: str = "") -> CalendarEvent:
    unit = p.assignment.unit
    return CalendarEvent(f"{prefix}placement-{p.public_id}", summary, p.start_date, p.end_date, unit.address, unit.name)


def _activity_event(a: Activity, prefix: str = "") -> CalendarEvent:
    """An all-day event, or a timed one (local time) when the activity has a start time (default: one hour)."""
    start, end = a.date, a.date
    if a.start_time:
        tz = timezone.get_current_timezone()
        start = datetime.combine(a.date, a.start_time, tzinfo=tz)
        end = datetime.combine(a.date, a.end_time, tzinfo=tz) if a.end_time else start + timedelta(hours=1)
    return CalendarEvent(f"{prefix}activity-{a.pk}", a.title, start, end, a.location, a.description)
