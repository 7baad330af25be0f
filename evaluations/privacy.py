"""A person's evaluation requests and own answers, for the export and for erasure.

On erasure the final answers stay for the aggregates (averages, distributions, response rates), but the
request loses its link to the person, drafts are deleted and free texts are emptied: the texts the person
wrote and the texts written about them as a student (their supervisor's evaluation), since either may
name or describe them.
"""

from django.db.models import Q

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import Answer, EvaluationRequest, Question, Response, new_token
from .selectors import supervisor_evaluations_about


def _answer(answer: Answer) -> dict:
    if answer.question.kind == Question.Kind.LIKERT:
        value = answer.value
    elif answer.question.kind == Question.Kind.TEXT:
        value = answer.text
    else:
        value = answer.choices
    return {"question": answer.question.text, "answer": value}


@personal_data_exports.register
def export(user) -> dict:
    requests = (
        EvaluationRequest.objects.filter(respondent=user)
        .select_related("version__questionnaire", "placement__assignment__unit", "placement__student__user")
        .prefetch_related("response__answers__question", "response__goal_assessments__learning_goal")
        .order_by("sent_on", "pk")
    )
    rows = []
    for r in requests:
        response = getattr(r, "response", None)
        rows.append(
            {
                "questionnaire": r.version.questionnaire.name,
                "role": r.audience,
                "placement": f"{r.placement.student} – {r.placement.assignment.title} ({r.placement.assignment.unit})",
                "sent_on": plain_value(r.sent_on),
                "due_date": plain_value(r.due_date),
                "state": r.state,
                "submitted_at": plain_value(r.submitted_at),
                "answers": [_answer(a) for a in response.answers.all()] if response else [],
                "learning_goals": [
                    {"goal": g.learning_goal.description, "level": g.level_label}
                    for g in (response.goal_assessments.all() if response else [])
                ],
            }
        )
    about_me = [
        {
            "placement": f"{r.placement.assignment.title} ({r.placement.assignment.unit})",
            "answers": [_answer(a) for a in r.response.answers.all()],
        }
        for r in supervisor_evaluations_about(user=user)
    ]
    # Only what the programme lets the student see on their own page (see the selector).
    return {"evaluations": rows, "evaluations_about_me": about_me} if about_me else {"evaluations": rows}


@personal_data_erasures.register
def erase(user) -> None:
    by_them = EvaluationRequest.objects.filter(respondent=user)
    about_them = EvaluationRequest.objects.filter(placement__student__user=user)
    Response.objects.filter(request__in=by_them, is_final=False).delete()
    Answer.objects.filter(Q(response__request__in=by_them) | Q(response__request__in=about_them)).exclude(
        text=""
    ).update(text="")
    # An unanswered request of an erased person can never be answered: it counts as expired.
    by_them.filter(state=EvaluationRequest.State.PENDING).update(state=EvaluationRequest.State.EXPIRED)
    for request in by_them.only("pk"):
        # A fresh token kills any e-mailed link; the respondent link is dropped last.
        EvaluationRequest.objects.filter(pk=request.pk).update(token=new_token())
    by_them.update(respondent=None)
