"""A realistic data set at any scale, written with bulk_create (one password hash, no services per row).

Each app contributes a step: a function `step(ctx)` appended to STEPS. A step reads what earlier steps
left in `ctx` (a dict) and adds its own rows. The evaluations step is added when that app has models:

    def evaluations(ctx): ...   # 100,000 answers at scale 1
    STEPS.append(evaluations)

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
from placements.models import (
    Assignment,
    Cohort,
    Level,
    Placement,
    Programme,
    ProgrammeLeader,
    RotationRound,
    Student,
    Supervisor,
)

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


STEPS = [organisations, people, programmes, placements]


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
