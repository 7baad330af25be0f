"""Who may see which evaluation request, questionnaire and moment (outside one's scope: 404): a request's
respondent fills it in, the leaders of its programme follow it up; a questionnaire is seen and edited by
the leaders of the programme that owns it, or of any programme of the organisation that owns it; a
moment by its programme's leaders. Administrators see everything."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from programmes.access import programmes_for_user

from .models import EvaluationMoment, EvaluationRequest, Questionnaire


def requests_for_respondent(user) -> QuerySet[EvaluationRequest]:
    return EvaluationRequest.objects.filter(respondent=user).select_related(
        "placement__assignment__unit",
        "placement__assignment__programme",
        "placement__student__user",
        "version__questionnaire",
        "moment",
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


# --- questionnaires and moments: the programme's leaders (and administrators) only ---------------------


def questionnaires_for_user(user) -> QuerySet[Questionnaire]:
    """The questionnaires of the programmes the person leads and of those programmes' organisations
    (every questionnaire for an administrator, none for anyone else)."""
    if user.is_authenticated and user.is_superuser:
        return Questionnaire.objects.all()
    led = programmes_for_user(user)
    return Questionnaire.objects.filter(
        Q(programme__in=led.values("pk")) | Q(organisation__in=led.values("organisation_id"))
    )


def questionnaire_get_for_user(*, user, pk) -> Questionnaire:
    return get_object_or_404(questionnaires_for_user(user), pk=pk)


def questionnaires_usable_by(programme) -> QuerySet[Questionnaire]:
    """What a programme's moments may ask: the programme's own questionnaires and its organisation's."""
    return Questionnaire.objects.filter(Q(programme_id=programme.pk) | Q(organisation_id=programme.organisation_id))


def questionnaire_usable_by(*, questionnaire: Questionnaire, programme) -> bool:
    return questionnaire.programme_id == programme.pk or questionnaire.organisation_id == programme.organisation_id


def moments_for_user(user) -> QuerySet[EvaluationMoment]:
    return EvaluationMoment.objects.filter(programme__in=programmes_for_user(user))


def moment_get_for_user(*, user, pk) -> EvaluationMoment:
    return get_object_or_404(moments_for_user(user).select_related("programme"), pk=pk)
