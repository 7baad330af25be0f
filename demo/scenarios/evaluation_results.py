"""Evaluations: the default questionnaires (Dutch content), the requests of the placements that have
ended, sent three days ago, and enough submitted responses for the results charts; the demo student and
supervisor keep a pending one. The requests are recorded as history: nobody is e-mailed."""

from datetime import timedelta

from evaluations.models import Audience, EvaluationRequest, Question
from evaluations.services import evaluation_requests_record, evaluation_response_save, questionnaire_save
from placements.models import Placement
from programmes.goal_scales import levels_of
from programmes.models import Programme

from .context import DemoContext

LIKERT = Question.Kind.LIKERT
STUDENT_QUESTIONS = [
    ("Ik heb in deze periode veel geleerd.", LIKERT, True, []),
    ("Mijn werkplekbegeleider had voldoende tijd voor mij.", LIKERT, True, []),
    ("De opdracht paste bij mijn opleiding.", LIKERT, True, []),
    ("Zou je deze werkplek aanraden aan een volgende student?", Question.Kind.SINGLE, True, ["Ja", "Misschien", "Nee"]),
    (
        "Welke activiteiten waren waardevol?",
        Question.Kind.MULTIPLE,
        False,
        ["IBT-training", "Intervisie", "Meelopen op straat", "Eindpresentatie"],
    ),
    ("Wat kan er beter?", Question.Kind.TEXT, False, []),
]
SUPERVISOR_QUESTIONS = [
    ("De student heeft taken van vaste medewerkers overgenomen.", LIKERT, True, []),
    ("De student bracht nieuwe kennis of een andere denkwijze mee.", LIKERT, True, []),
    ("De begeleiding kostte mij meer tijd dan verwacht.", LIKERT, True, []),
    ("Wil je opnieuw een student begeleiden?", Question.Kind.SINGLE, True, ["Ja", "Nee"]),
    ("Toelichting voor de projectleider", Question.Kind.TEXT, False, []),
]
REMARKS = ["Meer contact met andere werkstudenten.", "Duidelijkere opdracht bij de start.", "Prima zo!"]
SENT_DAYS_AGO = 3
PASSED = 0.8  # the share of learning goals assessed at a passing level
LEFT_PENDING = 0.25  # the share of the other respondents who have not answered yet


def build(ctx: DemoContext) -> None:
    questionnaires(ctx)
    ended = Placement.objects.filter(
        status__in=[Placement.Status.ACTIVE, Placement.Status.COMPLETED], end_date__lt=ctx.today
    )
    evaluation_requests_record(placements=ended, sent_on=ctx.today - timedelta(days=SENT_DAYS_AGO))
    mine = {ctx.users["student"].pk, ctx.users["supervisor"].pk}
    requests = EvaluationRequest.objects.select_related("placement__assignment__programme").prefetch_related(
        "version__questions", "placement__learning_goals"
    )
    for request in requests:
        if request.respondent_id in mine or ctx.rng.random() < LEFT_PENDING:
            continue  # left pending
        answers = {q.pk: answer(ctx, q) for q in request.version.questions.all()}
        levels = levels_of(request.placement.assignment.programme.goal_scale)
        goals = {g.pk: goal_level(ctx, levels) for g in request.placement.learning_goals.all()}
        evaluation_response_save(
            request=request, user=request.respondent, answers=answers, goals=goals, submit=True, today=ctx.today
        )
    pending_for_demo_people(ctx)


def goal_level(ctx: DemoContext, levels) -> int:
    """Mostly a passing level (supervisor and student alike), now and then one below."""
    if ctx.rng.random() < PASSED:
        return ctx.rng.randint(levels.passed_from, levels.top)
    return ctx.rng.randint(1, levels.passed_from - 1)


def questionnaires(ctx: DemoContext) -> None:
    for kind, label in Programme.Kind.choices:
        for audience, questions, title in (
            (Audience.STUDENT, STUDENT_QUESTIONS, "Evaluatie student"),
            (Audience.SUPERVISOR, SUPERVISOR_QUESTIONS, "Evaluatie werkplekbegeleider"),
        ):
            questionnaire_save(
                questionnaire=None,
                fields={"name": f"{title} – {label}", "audience": audience, "programme_kind": kind},
                questions=[{"text": t, "kind": k, "required": r, "choices": c} for t, k, r, c in questions],
                actor=ctx.users["admin"],
            )


def answer(ctx: DemoContext, question: Question):
    if question.kind == Question.Kind.LIKERT:
        return str(ctx.rng.choice([2, 3, 4, 4, 4, 5, 5]))
    if question.kind == Question.Kind.SINGLE:
        return question.choices[0] if ctx.rng.random() < 0.75 else ctx.rng.choice(question.choices)
    if question.kind == Question.Kind.MULTIPLE:
        return ctx.rng.sample(question.choices, ctx.rng.randint(1, len(question.choices)))
    return ctx.rng.choice(REMARKS)


def pending_for_demo_people(ctx: DemoContext) -> None:
    """Make sure the demo student and supervisor each have a pending evaluation to open."""
    for key, audience, field in (
        ("student", Audience.STUDENT, "student__user"),
        ("supervisor", Audience.SUPERVISOR, "supervisor__user"),
    ):
        user = ctx.users[key]
        if EvaluationRequest.objects.filter(respondent=user, state=EvaluationRequest.State.PENDING).exists():
            continue
        placements = (
            Placement.objects.filter(**{field: user})
            .exclude(evaluation_requests__audience=audience)
            .order_by("start_date")[:1]
        )
        evaluation_requests_record(placements=placements, sent_on=ctx.today, audiences=[audience])
