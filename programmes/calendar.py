"""Rotation rounds in a person's iCal feed (collected by accounts.calendar): the rounds of a student's
cohorts, and for a leader every round of the programmes they lead with its preferences deadline. A draft
round is the leader's work in progress: it is in no feed."""

from django.utils.translation import gettext as _

from core.hooks import CalendarEvent, calendar_events

from .access import rotation_rounds_for_user
from .models import RotationRound


@calendar_events.register
def events(user) -> list[CalendarEvent]:
    found = []
    shown = RotationRound.objects.exclude(state=RotationRound.State.DRAFT).select_related("cohort__programme")
    for r in shown.filter(cohort__students__user=user).order_by("start_date", "pk"):
        found.append(_round_event(r, _("Rotation: %(name)s") % {"name": r.name}))
    led = shown.filter(pk__in=rotation_rounds_for_user(user).values("pk")).order_by("start_date", "pk")
    for r in led:
        summary = _("Rotation %(cohort)s: %(name)s") % {"cohort": r.cohort, "name": r.name}
        found.append(_round_event(r, summary, prefix="led-"))
        if r.preferences_deadline:
            deadline = _("Preferences deadline: %(cohort)s – %(name)s") % {"cohort": r.cohort, "name": r.name}
            found.append(
                CalendarEvent(f"led-deadline-{r.pk}", deadline, r.preferences_deadline, r.preferences_deadline)
            )
    return found


def _round_event(r: RotationRound, summary: str, prefix: str = "") -> CalendarEvent:
    return CalendarEvent(f"{prefix}round-{r.pk}", summary, r.start_date, r.end_date)
