"""The due dates of a person's open evaluations, for their iCal feed (collected by accounts.calendar)."""

from django.utils.translation import gettext as _

from placements.calendar import CalendarEvent

from .models import EvaluationRequest
from .selectors import requests_for_respondent


def events(user) -> list[CalendarEvent]:
    pending = requests_for_respondent(user).filter(state=EvaluationRequest.State.PENDING)
    return [
        CalendarEvent(
            uid=f"evaluation-{request.pk}",
            summary=_("Evaluation due: %(title)s") % {"title": request.placement.assignment.title},
            start=request.due_date,
            end=request.due_date,
            description=str(request.placement.student),
        )
        for request in pending
    ]
