"""A respondent's evaluations, for the export and for erasure.

Erasure keeps what the aggregate results are made of (scale values, chosen options, goal verdicts and the
request's state for the response rates) and removes what may identify the person: their free-text answers.
"""

from audit.services import plain_value

from .models import Answer, EvaluationRequest


def export(user) -> dict:
    requests = (
        EvaluationRequest.objects.filter(respondent=user)
        .select_related("placement__assignment", "response")
        .prefetch_related("response__answers__question")
        .order_by("sent_on")
    )
    rows = []
    for request in requests:
        response = getattr(request, "response", None)
        answers = response.answers.all() if response else []
        rows.append(
            {
                "placement": request.placement.assignment.title,
                "audience": request.audience,
                "state": request.state,
                "due_date": plain_value(request.due_date),
                "answers": [
                    {"question": a.question.text, "value": a.value, "choices": a.choices, "text": a.text}
                    for a in answers
                ],
            }
        )
    return {"evaluations": rows}


def erase(user) -> None:
    Answer.objects.filter(response__request__respondent=user).exclude(text="").update(text="")
