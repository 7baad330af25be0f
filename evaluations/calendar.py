"""Due dates of a person's open evaluations, for their iCal feed (collected by accounts.calendar)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.hooks import CalendarEvent, calendar_events

from .models import EvaluationRequest


@calendar_events.register
def events(user) -> list[CalendarEvent]:
    """One all-day event on the due date of each pending evaluation the person has to fill in."""
    pending = EvaluationRequest.objects.filter(respondent=user, state=EvaluationRequest.State.PENDING).select_related(
        "placement__student__user", "placement__assignment__unit"
    )
    return [
        CalendarEvent(
            uid=f"evaluation-{request.pk}",
            summary=_("Evaluation due: %(placement)s")
            % {"placement": f"{request.placement.student.user.name} – {request.placement.assignment.unit.name}"},
            start=request.due_date,
            end=request.due_date,
            description=settings.SITE_URL.rstrip("/") + reverse("evaluations:respond", args=[request.token]),
        )
        for request in pending
    ]
