"""Evaluations: the questionnaires (Dutch content) of the Den Haag pilot (its own) and of the Nijmegen
internships (the municipality's, for both its programmes), a mid-term and a final evaluation moment in
each, the requests of the placements that have passed a moment, sent three days ago, and enough submitted
responses for the results charts (mid-term beside final); the demo student and supervisor keep a pending
one. The requests are recorded as history: nobody is e-mailed."""

from datetime import timedelta

from evaluations.models import Audience, EvaluationRequest, Question
from evaluations.services import (
    evaluation_moment_save,
    evaluation_requests_record,
    evaluation_response_save,
    questionnaire_save,
)
from placements.models import Placement
from programmes.goal_scales import levels_of

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
SCHOOL_QUESTIONS = [
    ("De student werkt aan de leerdoelen uit het kwalificatiedossier.", LIKERT, True, []),
    ("Het leerbedrijf biedt voldoende leerkansen.", LIKERT, True, []),
    ("Is een bezoek van de school aan het leerbedrijf nodig?", Question.Kind.SINGLE, True, ["Ja", "Nee"]),
    ("Toelichting voor de stagecoördinator", Question.Kind.TEXT, False, []),
]
REMARKS = ["Meer contact met andere werkstudenten.", "Duidelijkere opdracht bij de start.", "Prima zo!"]
SENT_DAYS_AGO = 3
PASSED = 0.8  # the share of learning goals assessed at a passing level
LEFT_PENDING = 0.25  # the share of the other respondents who have not answered yet


PROGRAMMES = ("pilot", "nijmegen_block", "nijmegen_project")
MOMENTS = (("Tussenevaluatie", 50), ("Eindevaluatie", 100))


def build(ctx: DemoContext) -> None:
    moments = [moment for key in PROGRAMMES for moment in programme_moments(ctx, key)]
    live = Placement.objects.filter(status__in=[Placement.Status.ACTIVE, Placement.Status.COMPLETED])
    for moment in moments:
        passed = [
            placement
            for placement in live.filter(assignment__programme=moment.programme, start_date__lt=ctx.today)
            if moment.day_in(placement.start_date, placement.end_date) < ctx.today
        ]
        evaluation_requests_record(placements=passed, moment=moment, sent_on=ctx.today - timedelta(days=SENT_DAYS_AGO))
    mine = {ctx.users[key].pk for key in ("student", "supervisor", "school_supervisor", "school_supervisor_helicon")}
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


def programme_moments(ctx: DemoContext, key: str) -> list:
    """A mid-term and a final moment asking the programme's questionnaires: the pilot's own, the Nijmegen
    internships' shared by the municipality (made once, for its first programme)."""
    programme = ctx.programmes[key]
    asked = owned_questionnaires(ctx, key)
    return [
        evaluation_moment_save(
            programme=programme,
            moment=None,
            fields={"name": name, "placement_share": share, "offset_days": 0, "due_days": 21, "position": share},
            questionnaires=asked,
            actor=ctx.users["admin"],
        )
        for name, share in MOMENTS
    ]


def owned_questionnaires(ctx: DemoContext, key: str) -> dict:
    programme = ctx.programmes[key]
    shared = key.startswith("nijmegen")
    cache = ctx.questionnaires
    owner_key = ("organisation", programme.organisation_id) if shared else ("programme", programme.pk)
    if owner_key not in cache:
        owner = {"organisation": programme.organisation} if shared else {"programme": programme}
        cache[owner_key] = {
            audience: questionnaire_save(
                questionnaire=None,
                fields={"name": f"{title} – {owner_name(programme, shared)}", "audience": audience, **owner},
                questions=[{"text": t, "kind": k, "required": r, "choices": c} for t, k, r, c in questions],
                actor=ctx.users["admin"],
            )
            for audience, questions, title in (
                (Audience.STUDENT, STUDENT_QUESTIONS, "Evaluatie student"),
                (Audience.SUPERVISOR, SUPERVISOR_QUESTIONS, "Evaluatie werkplekbegeleider"),
                # MBO internships: the school's docent-stagebegeleider evaluates too.
                *(
                    [(Audience.SCHOOL_SUPERVISOR, SCHOOL_QUESTIONS, "Evaluatie docent-stagebegeleider")]
                    if shared
                    else []
                ),
            )
        }
    return cache[owner_key]


def owner_name(programme, shared: bool) -> str:
    return programme.organisation.name if shared else programme.name


def answer(ctx: DemoContext, question: Question):
    if question.kind == Question.Kind.LIKERT:
        return str(ctx.rng.choice([2, 3, 4, 4, 4, 5, 5]))
    if question.kind == Question.Kind.SINGLE:
        return question.choices[0] if ctx.rng.random() < 0.75 else ctx.rng.choice(question.choices)
    if question.kind == Question.Kind.MULTIPLE:
        return ctx.rng.sample(question.choices, ctx.rng.randint(1, len(question.choices)))
    return ctx.rng.choice(REMARKS)


def pending_for_demo_people(ctx: DemoContext) -> None:
    """Make sure the demo student, supervisor and school supervisor each have a pending evaluation to open."""
    for key, audience, field in (
        ("student", Audience.STUDENT, "student__user"),
        ("supervisor", Audience.SUPERVISOR, "supervisor__user"),
        ("school_supervisor", Audience.SCHOOL_SUPERVISOR, "student__school_supervisor__user"),
    ):
        user = ctx.users[key]
        if EvaluationRequest.objects.filter(respondent=user, state=EvaluationRequest.State.PENDING).exists():
            continue
        for placement in Placement.objects.filter(**{field: user}).select_related("assignment").order_by("start_date"):
            asked = set(placement.evaluation_requests.filter(audience=audience).values_list("moment_id", flat=True))
            moment = placement.assignment.programme.evaluation_moments.exclude(pk__in=asked).first()
            if moment is not None:
                evaluation_requests_record(
                    placements=[placement], moment=moment, sent_on=ctx.today, audiences=[audience]
                )
                break
