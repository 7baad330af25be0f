"""A realistic data set at any scale, written with bulk_create (one password hash, no services per row).

Each app contributes a step: a function `step(ctx)` appended to STEPS. A step reads what earlier steps
left in `ctx` (a dict) and adds its own rows (the last one: evaluations, 100,000 answers at scale 1).

The data respect the rules the services enforce: no two overlapping placements of one student, and per
round at most `capacity` placements on an assignment (students rotate over their programme's assignments
so each assignment receives at most ceil(students / assignments) students per round).
"""

import math
from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation, Unit
from placements.models import Assignment, Placement
from programmes.models import Cohort, Level, Programme, ProgrammeLeader, RotationRound, Student, Supervisor

BATCH = 2000
PASSWORD = "bench-portaal-2026"
FULL = {"students": 10_000, "units": 1_000, "assignments": 3_000, "programmes": 10, "rounds": 4}


def sizes(scale: float) -> dict:
    return {key: max(2 if key != "programmes" else 1, round(value * scale)) for key, value in FULL.items()} | {
        "rounds": FULL["rounds"]
    }


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=BATCH)


def organisations(ctx):
    n_units = ctx["sizes"]["units"]
    n_orgs = max(1, n_units // 50)
    orgs = _bulk(
        Organisation,
        [Organisation(name=f"Bench organisation {i}", kind=Organisation.Kind.POLICE_UNIT) for i in range(n_orgs)],
    )
    ctx["units"] = _bulk(
        Unit,
        [
            Unit(organisation=orgs[i % n_orgs], name=f"Team {i}", contact_email=f"team{i}@bench.example")
            for i in range(n_units)
        ],
    )


def people(ctx):
    s = ctx["sizes"]
    password = make_password(PASSWORD)  # hashed once for everyone
    n_supervisors = s["assignments"]
    n_leaders = s["programmes"]
    users = [
        User(email=f"student{i}@bench.example", name=f"Student {i:05d}", password=password)
        for i in range(s["students"])
    ]
    users += [
        User(email=f"supervisor{i}@bench.example", name=f"Supervisor {i:05d}", password=password)
        for i in range(n_supervisors)
    ]
    users += [User(email=f"leader{i}@bench.example", name=f"Leader {i}", password=password) for i in range(n_leaders)]
    users = _bulk(User, users)
    student_users = users[: s["students"]]
    supervisor_users = users[s["students"] : s["students"] + n_supervisors]
    levels = list(Level.values)
    ctx["students"] = _bulk(
        Student,
        [
            Student(user=u, institution="Bench University", level=levels[i % len(levels)], backgrounds=["data"])
            for i, u in enumerate(student_users)
        ],
    )
    ctx["supervisors"] = _bulk(Supervisor, [Supervisor(user=u, max_students=10) for u in supervisor_users])
    ctx["leaders"] = users[s["students"] + n_supervisors :]
    units = ctx["units"]
    through = Supervisor.units.through
    _bulk(through, [through(supervisor=sup, unit=units[i % len(units)]) for i, sup in enumerate(ctx["supervisors"])])


def _first_round_start(today: date, rounds: int) -> date:
    # Rounds of six months with today inside the one before the last: history, a current and an upcoming one.
    month_start = today.replace(day=1)
    current_start = month_start - relativedelta(months=(month_start.month - 1) % 6)
    return current_start - relativedelta(months=6 * (rounds - 2))


def programmes(ctx):
    s = ctx["sizes"]
    today = ctx["today"]
    first = _first_round_start(today, s["rounds"])
    end = first + relativedelta(months=6 * s["rounds"]) - relativedelta(days=1)
    org = Organisation.objects.order_by("pk").first()
    progs = _bulk(
        Programme,
        [
            Programme(
                name=f"Bench programme {i}",
                kind=Programme.Kind.WORK_STUDENT,
                organisation=org,
                start_date=first,
                end_date=end,
            )
            for i in range(s["programmes"])
        ],
    )
    _bulk(ProgrammeLeader, [ProgrammeLeader(programme=p, user=u) for p, u in zip(progs, ctx["leaders"], strict=True)])
    ctx["programmes"] = progs
    ctx["cohorts"] = _bulk(Cohort, [Cohort(programme=p, name="Cohort A", start_date=first) for p in progs])
    through = Cohort.students.through
    n = len(progs)
    _bulk(through, [through(cohort=ctx["cohorts"][i % n], student=st) for i, st in enumerate(ctx["students"])])
    rounds = []
    for cohort in ctx["cohorts"]:
        for r in range(s["rounds"]):
            start = first + relativedelta(months=6 * r)
            state = (
                RotationRound.State.CLOSED
                if start + relativedelta(months=6) <= today
                else RotationRound.State.PUBLISHED
            )
            rounds.append(
                RotationRound(
                    cohort=cohort,
                    name=f"Round {r + 1}",
                    start_date=start,
                    end_date=start + relativedelta(months=6, days=-1),
                    state=state,
                )
            )
    ctx["rounds"] = _bulk(RotationRound, rounds)
    per_programme = max(1, s["assignments"] // n)
    students_per_programme = math.ceil(s["students"] / n)
    capacity = math.ceil(students_per_programme / per_programme)
    units, sups = ctx["units"], ctx["supervisors"]
    assignments = [
        Assignment(
            programme=progs[i % n],
            unit=units[i % len(units)],
            title=f"Assignment {i}",
            capacity=capacity,
            default_supervisor=sups[i % len(sups)],
        )
        for i in range(per_programme * n)
    ]
    ctx["assignments"] = _bulk(Assignment, assignments)


def placements(ctx):
    today = ctx["today"]
    n = len(ctx["programmes"])
    by_programme = [ctx["assignments"][p::n] for p in range(n)]
    rounds_by_cohort = {}
    for rnd in ctx["rounds"]:
        rounds_by_cohort.setdefault(rnd.cohort_id, []).append(rnd)
    rows = []
    for i, student in enumerate(ctx["students"]):
        p = i % n
        options = by_programme[p]
        slot = i // n
        for r, rnd in enumerate(rounds_by_cohort[ctx["cohorts"][p].pk]):
            assignment = options[(slot + r * 7) % len(options)]
            if rnd.end_date < today:
                status = Placement.Status.COMPLETED
            elif rnd.start_date <= today:
                status = Placement.Status.ACTIVE
            else:
                status = Placement.Status.PLANNED
            rows.append(
                Placement(
                    student=student,
                    assignment=assignment,
                    rotation_round=rnd,
                    supervisor_id=assignment.default_supervisor_id,
                    start_date=rnd.start_date,
                    end_date=rnd.end_date,
                    status=status,
                )
            )
    ctx["placements"] = _bulk(Placement, rows)


def evaluations(ctx):
    """Questionnaires for both respondents, requests for the finished placements and about 100,000 answers at
    scale 1: most requests submitted with every answer, the rest pending or expired."""
    from datetime import timedelta

    from evaluations.models import Answer, Audience, EvaluationRequest, Question, Questionnaire, QuestionnaireVersion
    from evaluations.models import Response as EvaluationResponse

    target = max(40, round(100_000 * ctx["sizes"]["students"] / FULL["students"]))
    questions = [
        (Question.Kind.LIKERT, []),
        (Question.Kind.SINGLE, ["Yes", "No"]),
        (Question.Kind.MULTIPLE, ["Guidance", "Assignment", "Team"]),
        (Question.Kind.TEXT, []),
    ]
    versions = {}
    for audience in (Audience.STUDENT, Audience.SUPERVISOR):
        questionnaire = Questionnaire.objects.create(
            name=f"Bench {audience}", audience=audience, programme_kind=Programme.Kind.WORK_STUDENT
        )
        version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
        versions[audience] = (
            version,
            _bulk(
                Question,
                [
                    Question(version=version, position=i, text=f"Question {i + 1}", kind=kind, choices=choices)
                    for i, (kind, choices) in enumerate(questions)
                ],
            ),
        )
    supervisor_users = {s.pk: s.user_id for s in ctx["supervisors"]}
    student_users = {s.pk: s.user_id for s in ctx["students"]}
    finished = [p for p in ctx["placements"] if p.status == Placement.Status.COMPLETED and p.supervisor_id]
    requests, answered = [], 0
    for i, placement in enumerate(finished):
        for audience, user_id in (
            (Audience.STUDENT, student_users[placement.student_id]),
            (Audience.SUPERVISOR, supervisor_users[placement.supervisor_id]),
        ):
            submitted = (i % 10) < 8
            expired = not submitted and i % 2 == 0
            state = "submitted" if submitted else ("expired" if expired else "pending")
            requests.append(
                EvaluationRequest(
                    placement=placement,
                    audience=audience,
                    respondent_id=user_id,
                    version=versions[audience][0],
                    sent_on=placement.end_date,
                    due_date=placement.end_date + timedelta(days=21),
                    state=state,
                    submitted_at=timezone.now() if submitted else None,
                )
            )
            answered += 4 if submitted else 0
        if answered >= target:
            break
    requests = _bulk(EvaluationRequest, requests)
    done = [r for r in requests if r.state == "submitted"]
    responses = _bulk(EvaluationResponse, [EvaluationResponse(request=r, is_final=True) for r in done])
    answers = []
    for n, (request, response) in enumerate(zip(done, responses, strict=True)):
        likert, single, multiple, text = versions[request.audience][1]
        answers += [
            Answer(response=response, question=likert, value=1 + n % 5),
            Answer(response=response, question=single, choices=[single.choices[n % 2]]),
            Answer(response=response, question=multiple, choices=multiple.choices[: 1 + n % 3]),
            Answer(response=response, question=text, text=f"Remark {n}"),
        ]
    _bulk(Answer, answers)
    ctx["evaluation_requests"] = requests
    ctx["answers"] = len(answers)


STEPS = [organisations, people, programmes, placements, evaluations]


def generate(*, scale: float = 1.0, today: date | None = None, steps=None, log=print) -> dict:
    """Fill an empty database; returns the context (sizes, created objects, seconds per step)."""
    import time

    ctx = {"sizes": sizes(scale), "today": today or timezone.localdate(), "timings": {}}
    for step in steps or STEPS:
        started = time.perf_counter()
        with transaction.atomic():
            step(ctx)
        ctx["timings"][step.__name__] = time.perf_counter() - started
        log(f"  generate {step.__name__:<16} {ctx['timings'][step.__name__]:6.1f} s")
    return ctx
