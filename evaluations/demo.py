"""Demo evaluations: default questionnaires (Dutch content), requests for the ended demo placements and
enough submitted responses for the results charts; the demo student and supervisor keep a pending one."""

from datetime import timedelta

from placements.models import Placement
from programmes.models import Programme

from . import services
from .models import Audience, EvaluationRequest, Question, Questionnaire

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


def _questionnaires(ctx):
    for kind, label in Programme.Kind.choices:
        for audience, questions, title in (
            (Audience.STUDENT, STUDENT_QUESTIONS, "Evaluatie student"),
            (Audience.SUPERVISOR, SUPERVISOR_QUESTIONS, "Evaluatie werkplekbegeleider"),
        ):
            questionnaire = Questionnaire.objects.create(
                name=f"{title} – {label}", audience=audience, programme_kind=kind
            )
            services.questionnaire_save_questions(
                questionnaire=questionnaire,
                questions=[{"text": t, "kind": k, "required": r, "choices": c} for t, k, r, c in questions],
                actor=ctx.users.get("admin"),
            )


def _answer(ctx, question):
    if question.kind == Question.Kind.LIKERT:
        return str(ctx.rng.choice([2, 3, 4, 4, 4, 5, 5]))
    if question.kind == Question.Kind.SINGLE:
        return question.choices[0] if ctx.rng.random() < 0.75 else ctx.rng.choice(question.choices)
    if question.kind == Question.Kind.MULTIPLE:
        return ctx.rng.sample(question.choices, ctx.rng.randint(1, len(question.choices)))
    return ctx.rng.choice(REMARKS)


def extend(ctx):
    _questionnaires(ctx)
    versions = services._current_versions()
    sent_on = ctx.today - timedelta(days=3)
    ended = Placement.objects.filter(
        status__in=[Placement.Status.ACTIVE, Placement.Status.COMPLETED], end_date__lt=ctx.today
    )
    rows = services._requests_for(services._targets(ended), sent_on, versions)
    services.requests_insert(rows)
    mine = {ctx.users["student"].pk, ctx.users["supervisor"].pk}
    for request in EvaluationRequest.objects.select_related("placement").prefetch_related("version__questions"):
        if request.respondent_id in mine or ctx.rng.random() < 0.25:
            continue  # left pending
        answers = {q.pk: _answer(ctx, q) for q in request.version.questions.all()}
        goals = None
        if request.audience == Audience.SUPERVISOR:
            goals = {g.pk: ctx.rng.random() < 0.8 for g in request.placement.learning_goals.all()}
        services.evaluation_response_save(
            request=request, user=request.respondent, answers=answers, goals=goals, submit=True, today=ctx.today
        )
    _pending_for_demo_people(ctx, versions)


def _pending_for_demo_people(ctx, versions):
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
        targets = services._targets(placements)
        rows = [r for r in services._requests_for(targets, ctx.today, versions) if r.audience == audience]
        services.requests_insert(rows)
