"""Reads of the evaluation domain. Results are aggregated in the database (GROUP BY), so a page costs
the same number of queries whatever the number of responses."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from placements.models import Placement, Programme

from .models import Answer, EvaluationRequest, Question


def requests_for_respondent(user) -> QuerySet[EvaluationRequest]:
    return EvaluationRequest.objects.filter(respondent=user).select_related(
        "placement__assignment__unit", "placement__student__user", "version__questionnaire"
    )


def request_get_for_respondent(*, user, token: str) -> EvaluationRequest:
    """The request behind an e-mail link, only for its own respondent (anyone else: 404)."""
    return get_object_or_404(requests_for_respondent(user), token=token)


@dataclass
class QuestionResult:
    question: Question
    counts: dict = field(default_factory=dict)
    average: float | None = None
    answered: int = 0
    texts: list = field(default_factory=list)


@dataclass
class ProgrammeResults:
    programme: Programme
    rates: list
    questions: list[QuestionResult]
    expired: list


def programme_results(*, programme: Programme, include_texts: bool, cohort=None) -> ProgrammeResults:
    """Response rates per cohort and unit, and per question the distribution, average and (for leaders)
    the free-text answers of final responses. A fixed number of queries."""
    requests = EvaluationRequest.objects.filter(placement__assignment__programme=programme)
    if cohort is not None:
        requests = requests.filter(placement__student__cohorts=cohort)
    rates = list(
        requests.values("placement__rotation_round__cohort__name", "placement__assignment__unit__name", "audience")
        .annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(state=EvaluationRequest.State.SUBMITTED)),
            expired=Count("id", filter=Q(state=EvaluationRequest.State.EXPIRED)),
        )
        .order_by("placement__rotation_round__cohort__name", "placement__assignment__unit__name", "audience")
    )
    for row in rates:
        row["rate"] = round(100 * row["submitted"] / row["total"]) if row["total"] else 0
    questions = {
        q.pk: QuestionResult(question=q)
        for q in Question.objects.filter(version__requests__in=requests)
        .select_related("version__questionnaire")
        .distinct()
        .order_by("version__questionnaire__audience", "version__questionnaire_id", "version__number", "position")
    }
    answers = Answer.objects.filter(response__is_final=True, response__request__in=requests)
    for row in (
        answers.filter(question__kind=Question.Kind.LIKERT)
        .values("question_id")
        .annotate(average=Avg("value"), answered=Count("value"))
    ):
        questions[row["question_id"]].average = row["average"]
        questions[row["question_id"]].answered = row["answered"]
    for row in (
        answers.filter(question__kind=Question.Kind.LIKERT).values("question_id", "value").annotate(n=Count("id"))
    ):
        questions[row["question_id"]].counts[str(row["value"])] = row["n"]
    # Choice answers are grouped per stored combination in SQL; the few groups are split per option here.
    choice_kinds = [Question.Kind.SINGLE, Question.Kind.MULTIPLE]
    for row in answers.filter(question__kind__in=choice_kinds).values("question_id", "choices").annotate(n=Count("id")):
        result = questions[row["question_id"]]
        result.answered += row["n"]
        for option in row["choices"] or []:
            result.counts[option] = result.counts.get(option, 0) + row["n"]
    if include_texts:
        texts = answers.filter(question__kind=Question.Kind.TEXT).exclude(text="").values_list("question_id", "text")
        grouped = defaultdict(list)
        for question_id, text in texts:
            grouped[question_id].append(text)
        for question_id, items in grouped.items():
            questions[question_id].texts = items
            questions[question_id].answered = len(items)
    for result in questions.values():
        q = result.question
        if q.kind == Question.Kind.LIKERT:
            result.counts = {str(v): result.counts.get(str(v), 0) for v in range(1, 6)}
        elif q.kind in choice_kinds:
            result.counts = {option: result.counts.get(option, 0) for option in q.choices}
    expired = list(
        requests.filter(state=EvaluationRequest.State.EXPIRED).select_related(
            "placement__student__user", "placement__assignment__unit", "respondent"
        )
    )
    return ProgrammeResults(programme=programme, rates=rates, questions=list(questions.values()), expired=expired)


def cohort_placements(*, cohort) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(student__cohorts=cohort, assignment__programme_id=cohort.programme_id)
        .select_related("student__user", "assignment__unit", "supervisor__user")
        .order_by("student__user__name", "start_date")
    )


def supervisor_evaluations_about(*, user) -> QuerySet[EvaluationRequest]:
    """Submitted supervisor evaluations of this student, where the programme lets students see them."""
    return (
        EvaluationRequest.objects.filter(
            placement__student__user=user,
            audience="supervisor",
            state=EvaluationRequest.State.SUBMITTED,
            placement__assignment__programme__students_see_supervisor_evaluation=True,
        )
        .select_related("placement__assignment__unit", "respondent")
        .prefetch_related("response__answers__question")
    )


# --- the role pages' evaluation blocks (leader dashboard, supervisor and student pages) ----------


def requests_pending_for_respondent(*, user) -> list[EvaluationRequest]:
    """This person's evaluations still to fill in (pending), the soonest due first."""
    return list(requests_for_respondent(user).filter(state=EvaluationRequest.State.PENDING).order_by("due_date", "id"))


@dataclass
class EvaluationProgress:
    open_count: int
    overdue_count: int
    overdue: list[EvaluationRequest]


def evaluation_progress_for_programmes(*, programmes, today, limit: int = 10) -> EvaluationProgress:
    """Open (pending, not yet due) and overdue (not submitted past the due date, expired included)
    evaluations of these programmes: the two counts in one query, the oldest overdue in a second."""
    requests = EvaluationRequest.objects.filter(placement__assignment__programme__in=programmes)
    overdue = Q(due_date__lt=today) & ~Q(state=EvaluationRequest.State.SUBMITTED)
    counts = requests.aggregate(
        open_count=Count("id", filter=Q(state=EvaluationRequest.State.PENDING, due_date__gte=today)),
        overdue_count=Count("id", filter=overdue),
    )
    oldest = list(
        requests.filter(overdue)
        .select_related("respondent", "placement__student__user", "placement__assignment")
        .order_by("due_date", "id")[:limit]
    )
    return EvaluationProgress(open_count=counts["open_count"], overdue_count=counts["overdue_count"], overdue=oldest)
