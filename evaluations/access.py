"""Who may see which evaluation request (outside one's scope: 404): its respondent fills it in, the
leaders of its programme follow it up."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from programmes.access import programmes_for_user

from .models import EvaluationRequest


def requests_for_respondent(user) -> QuerySet[EvaluationRequest]:
    return EvaluationRequest.objects.filter(respondent=user).select_related(
        "placement__assignment__unit",
        "placement__assignment__programme",
        "placement__student__user",
        "version__questionnaire",
    )


def request_get_for_respondent(*, user, token: str) -> EvaluationRequest:
    """The request behind an e-mail link, only for its own respondent (anyone else: 404)."""
    return get_object_or_404(requests_for_respondent(user), token=token)


def overdue_request_get_for_leader(*, user, pk) -> EvaluationRequest:
    """A request in a programme the person leads (admins: any), else 404."""
    return get_object_or_404(
        EvaluationRequest.objects.filter(placement__assignment__programme__in=programmes_for_user(user)).select_related(
            "placement__assignment__programme"
        ),
        pk=pk,
    )
