"""Reads of the evaluation domain. Results are aggregated in the database (GROUP BY), so a page costs
the same number of queries whatever the number of responses."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from placements.models import Placement
from programmes.goal_scales import level_passed
from programmes.models import Programme

from .models import (
    Answer,
    Audience,
    EvaluationMoment,
    EvaluationRequest,
    GoalAssessment,
    MomentQuestionnaire,
    Question,
)


@dataclass
class MomentStats:
    """One question's answers at one evaluation moment (mid-term, final, ...)."""

    moment_id: int
    name: str
    counts: dict = field(default_factory=dict)
    average: float | None = None
    answered: int = 0
    texts: list = field(default_factory=list)


@dataclass
class QuestionResult:
    question: Question
    counts: dict = field(default_factory=dict)
    average: float | None = None
    answered: int = 0
    texts: list = field(default_factory=list)
    # The same numbers per moment at which the question was answered, in the moments' order.
    per_moment: list[MomentStats] = field(default_factory=list)


@dataclass
class ProgrammeResults:
    programme: Programme
    rates: list
    questions: list[QuestionResult]
    goals: dict = field(default_factory=dict)  # learning goals the supervisors assessed / judged achieved
    moments: list = field(default_factory=list)  # (id, name) of the moments with requests, in their order

    @property
    def compares_moments(self) -> bool:
        return len(self.moments) > 1


def _rates(requests) -> list[dict]:
    rates = list(
        requests.values(
            "audience",
            "moment_id",
            moment_name=F("moment__name"),
            moment_position=F("moment__position"),
            cohort_name=F("placement__rotation_round__cohort__name"),
            unit_name=F("placement__assignment__unit__name"),
        )
        .annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(state=EvaluationRequest.State.SUBMITTED)),
            expired=Count("id", filter=Q(state=EvaluationRequest.State.EXPIRED)),
        )
        .order_by("cohort_name", "unit_name", "moment_position", "moment_id", "audience")
    )
    audiences = dict(Audience.choices)
    for row in rates:
        row["rate"] = round(100 * row["submitted"] / row["total"]) if row["total"] else 0
        row["audience_label"] = audiences.get(row["audience"], row["audience"])
    return rates


def _stats(result: QuestionResult, moment_id: int, names: dict) -> MomentStats:
    for stats in result.per_moment:
        if stats.moment_id == moment_id:
            return stats
    stats = MomentStats(moment_id=moment_id, name=names.get(moment_id, ""))
    result.per_moment.append(stats)
    return stats


def _likert_average(counts: dict) -> float | None:
    """The mean of the Likert counts ({"1": n, ..., "5": n}), None without answers."""
    answered = sum(counts.values())
    return sum(int(value) * n for value, n in counts.items()) / answered if answered else None


def _full_counts(question: Question, counts: dict) -> dict:
    """Every option in its order, the ones nobody chose with 0."""
    if question.kind == Question.Kind.LIKERT:
        return {str(v): counts.get(str(v), 0) for v in range(1, 6)}
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return {option: counts.get(option, 0) for option in question.choices}
    return counts


def programme_results(
    *, programme: Programme, include_texts: bool, cohort=None, unit=None, text_limit: int | None = None
) -> ProgrammeResults:
    """Response rates per cohort, unit, moment and respondent, and per question the distribution, average
    and (for leaders) the free-text answers of final responses (the newest `text_limit` per question, or
    all), in total and per moment (mid-term beside final), optionally for one cohort and/or unit. A fixed
    number of queries."""
    requests = EvaluationRequest.objects.filter(placement__assignment__programme=programme)
    if cohort is not None:
        requests = requests.filter(placement__student__cohorts=cohort)
    if unit is not None:
        requests = requests.filter(placement__assignment__unit=unit)
    rates = _rates(requests)
    order = {}
    for row in rates:
        order.setdefault(row["moment_id"], (row["moment_position"], row["moment_id"], row["moment_name"]))
    moments = [(pk, name) for _position, pk, name in sorted(order.values())]
    names = dict(moments)
    position = {pk: index for index, (pk, _name) in enumerate(moments)}
    questions = {
        q.pk: QuestionResult(question=q)
        # The questions of the versions asked (a semi-join on their few ids), not one row per request and
        # question made distinct again.
        for q in Question.objects.filter(version__in=requests.values("version_id"))
        .select_related("version__questionnaire")
        .order_by("version__questionnaire__audience", "version__questionnaire_id", "version__number", "position")
    }
    answers = Answer.objects.filter(response__is_final=True, response__request__in=requests)
    moment = F("response__request__moment_id")
    # One grouped read of the final answers (an emptied free text, after erasure, does not count): how many
    # per question, moment and stored value or choice combination. The answered counts, the Likert counts
    # and averages and the choice counts (the few combinations split per option) all follow from it, so the
    # programme's scope is evaluated once for them, not three times.
    choice_kinds = [Question.Kind.SINGLE, Question.Kind.MULTIPLE]
    for row in (
        answers.exclude(question__kind=Question.Kind.TEXT, text="")
        .values("question_id", "value", "choices", moment=moment)
        .annotate(n=Count("id"))
    ):
        result = questions[row["question_id"]]
        stats = _stats(result, row["moment"], names)
        stats.answered += row["n"]
        result.answered += row["n"]
        if result.question.kind == Question.Kind.LIKERT and row["value"] is not None:
            for counts in (result.counts, stats.counts):
                counts[str(row["value"])] = counts.get(str(row["value"]), 0) + row["n"]
        elif result.question.kind in choice_kinds:
            for counts in (result.counts, stats.counts):
                for option in row["choices"] or []:
                    counts[option] = counts.get(option, 0) + row["n"]
    if include_texts:
        _add_texts(questions, answers, names, text_limit)
    for result in questions.values():
        q = result.question
        result.counts = _full_counts(q, result.counts)
        result.per_moment.sort(key=lambda stats: position.get(stats.moment_id, len(position)))
        for stats in result.per_moment:
            stats.counts = _full_counts(q, stats.counts)
        if q.kind == Question.Kind.LIKERT:
            for holder in (result, *result.per_moment):
                holder.average = _likert_average(holder.counts)
    # The supervisors' judgements; achieved: at or above the passing level of the scale it was given on.
    goals = GoalAssessment.objects.filter(
        response__is_final=True, response__request__in=requests.filter(audience=Audience.SUPERVISOR)
    ).aggregate(assessed=Count("id"), achieved=Count("id", filter=level_passed()))
    return ProgrammeResults(
        programme=programme, rates=rates, questions=list(questions.values()), goals=goals, moments=moments
    )


def _add_texts(questions: dict, answers, names: dict, text_limit: int | None) -> None:
    texts = answers.filter(question__kind=Question.Kind.TEXT).exclude(text="")
    if text_limit is not None:
        # The newest `text_limit` per question, cut in SQL so a page never loads every free text.
        newest = Window(RowNumber(), partition_by=[F("question_id")], order_by=F("id").desc())
        texts = texts.annotate(row_number=newest).filter(row_number__lte=text_limit)
    for question_id, moment_id, text in texts.order_by("question_id", "-id").values_list(
        "question_id", "response__request__moment_id", "text"
    ):
        result = questions[question_id]
        result.texts.append(text)
        _stats(result, moment_id, names).texts.append(text)


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
        .select_related("placement__assignment__unit", "respondent", "moment")
        .prefetch_related("response__answers__question")
    )


# --- the role pages' evaluation blocks (leader dashboard, supervisor and student pages) ----------


def requests_pending_for_respondent(*, user) -> list[EvaluationRequest]:
    """This person's evaluations still to fill in (pending), the soonest due first, with what the role
    pages show of each (questionnaire, student, unit)."""
    return list(
        EvaluationRequest.objects.filter(respondent=user, state=EvaluationRequest.State.PENDING)
        .select_related("moment", "version__questionnaire", "placement__student__user", "placement__assignment__unit")
        .order_by("due_date", "pk")
    )


def requests_pending_for_placements(*, placement_ids: list[int]) -> dict[int, list[EvaluationRequest]]:
    """The pending evaluation requests of these placements (any respondent), per placement id, soonest due
    first, in one query: what a school supervisor follows of their students' evaluations."""
    pending: dict[int, list[EvaluationRequest]] = {}
    for request in (
        EvaluationRequest.objects.filter(placement_id__in=placement_ids, state=EvaluationRequest.State.PENDING)
        .select_related("moment")
        .only("placement_id", "audience", "due_date", "moment__name")
        .order_by("due_date", "pk")
    ):
        pending.setdefault(request.placement_id, []).append(request)
    return pending


def requests_of_placements(*, placement_ids: list[int]) -> list[EvaluationRequest]:
    """Every evaluation request of these placements (any state, any respondent), by placement and due date,
    with moment, questionnaire and respondent: the student's page for their leaders (one query)."""
    return list(
        EvaluationRequest.objects.filter(placement_id__in=placement_ids)
        .select_related("moment", "version__questionnaire", "respondent")
        .order_by("placement_id", "due_date", "pk")
    )


@dataclass
class EvaluationProgress:
    open_count: int
    overdue_count: int
    overdue: list[EvaluationRequest]


def evaluation_progress_for_programmes(*, programmes, today, limit: int = 10) -> EvaluationProgress:
    """Open (pending, not yet due) and overdue (not submitted past the due date, expired included)
    evaluations of these programmes: the two counts in one query, the oldest overdue in a second (only
    when there are any)."""
    requests = EvaluationRequest.objects.filter(placement__assignment__programme__in=programmes)
    overdue = Q(due_date__lt=today) & ~Q(state=EvaluationRequest.State.SUBMITTED)
    counts = requests.aggregate(
        open_count=Count("id", filter=Q(state=EvaluationRequest.State.PENDING, due_date__gte=today)),
        overdue_count=Count("id", filter=overdue),
    )
    # Nothing overdue: no list query, which would only scan the programmes' requests again to find none.
    oldest = []
    if counts["overdue_count"]:
        oldest = list(
            requests.filter(overdue)
            .select_related("respondent", "placement__student__user", "placement__assignment")
            .order_by("due_date", "id")[:limit]
        )
    return EvaluationProgress(open_count=counts["open_count"], overdue_count=counts["overdue_count"], overdue=oldest)


def _overdue(today: date) -> Q:
    """Expired, or still pending after the due date (before the nightly expiry job ran)."""
    return Q(state=EvaluationRequest.State.EXPIRED) | Q(state=EvaluationRequest.State.PENDING, due_date__lt=today)


def overdue_requests(*, programme: Programme, today: date) -> QuerySet[EvaluationRequest]:
    """The programme's requests that were not answered in time, with respondent and placement."""
    return (
        EvaluationRequest.objects.filter(_overdue(today), placement__assignment__programme=programme)
        .select_related("respondent", "placement__student__user", "placement__assignment__unit")
        .order_by("due_date", "placement__student__user__name", "audience")
    )


def request_counts_by_programme(*, programmes, today: date) -> dict[int, dict[str, int]]:
    """Per programme id: open (pending, not yet due), overdue (expired or pending past due), submitted and
    total requests and the response rate in percent, in one query. For a leader's dashboard:
    `request_counts_by_programme(programmes=programmes_for_user(user), today=today)`; a programme without
    requests is absent."""
    rows = (
        EvaluationRequest.objects.filter(placement__assignment__programme__in=programmes)
        .values("placement__assignment__programme")
        .annotate(
            open=Count("id", filter=Q(state=EvaluationRequest.State.PENDING, due_date__gte=today)),
            overdue=Count("id", filter=_overdue(today)),
            submitted=Count("id", filter=Q(state=EvaluationRequest.State.SUBMITTED)),
            total=Count("id"),
        )
        .order_by()
    )
    return {
        row.pop("placement__assignment__programme"): {**row, "rate": round(100 * row["submitted"] / row["total"])}
        for row in rows
    }


def placements_for_requests(*, programme: Programme, moment=None, cohort=None, unit=None) -> QuerySet[Placement]:
    """The programme's live placements, filtered, each annotated with whether a student and a supervisor
    request exists already at `moment` (so the selection page shows it without a query per row)."""
    placements = Placement.objects.live().filter(assignment__programme=programme)
    if cohort is not None:
        placements = placements.filter(pk__in=Placement.objects.filter(student__cohorts=cohort).values("pk"))
    if unit is not None:
        placements = placements.filter(assignment__unit=unit)
    requests = EvaluationRequest.objects.filter(placement=OuterRef("pk"), moment=moment)
    return (
        placements.annotate(
            has_student_request=Exists(requests.filter(audience="student")),
            has_supervisor_request=Exists(requests.filter(audience="supervisor")),
        )
        .select_related("student__user", "supervisor__user", "assignment__unit")
        .order_by("end_date", "student__user__name")
    )


def moments_of_programme(*, programme: Programme) -> list[EvaluationMoment]:
    """The programme's moments in order, each with its questionnaires per role and its request count."""
    return list(
        EvaluationMoment.objects.filter(programme=programme)
        .annotate(request_count=Count("requests"))
        .prefetch_related(
            Prefetch(
                "questionnaire_links",
                queryset=MomentQuestionnaire.objects.select_related("questionnaire").order_by("audience"),
            )
        )
        .order_by("position", "placement_share", "offset_days", "id")
    )
