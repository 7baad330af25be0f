"""A realistic data set at any scale, written with bulk_create (one password hash, no services per row).

At scale 1 (the 10k set): 10,000 students, 1,000 units, 3,000 assignments (1,000 in ten regional
programmes, 2,000 in a national one), about 40,000 placements and 100,000 answers. Scale 10 is the 100k
set. Each step is a function `step(ctx)` in STEPS; it reads what earlier steps left in `ctx` (a dict) and
adds its own rows.

- Regional programmes of 1,000 students each (one cohort, one leader), four rounds of six months: two
  finished, the current one, the next. Programmes rotate in waves of ten: at scale 1 there is one wave, at
  scale 10 ten, each later than wave 0 by 29 to 140 days (bench.datasets.WAVE_OFFSETS). So a daily job's
  busiest day of wave 0 has as many due items in the 100k set as in the 10k set: no other wave's round
  ends or starts within the two weeks of a reminder, no other wave's evaluation moment falls in the three
  weeks the dispatch catches up on, and a leader's programme is as large in both sets.
- Every finished placement has its evaluation requests (history: sent on its last day, answered or
  expired, none pending), so the daily jobs find only what their day makes due.
- A national round (national_round): one cohort of every student, 2,000 assignments (x scale) with
  capacities covering them, the round after all the others with preferences open and five ranked
  choices per student (some assignments far more popular than others), and an earlier closed round in
  which 30% of the students did a unit (those units are then not allowed: "some done units").
- The leaders and the bench administrator have a TOTP authenticator, so the production settings' MFA gate
  lets their sessions through.

The data respect the rules the services enforce: no two overlapping placements of one student, and per
round at most `capacity` placements on an assignment.
"""

import math
import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation, Unit
from placements.models import Assignment, Placement
from programmes.models import Cohort, Level, Programme, ProgrammeLeader, RotationRound, Student, Supervisor

from .datasets import ADMIN_EMAIL, FULL, NATIONAL_LEADER_EMAIL, ROUNDS, WAVE, sizes, wave_offset

BATCH = 2000
PASSWORD = "bench-portaal-2026"
DAYS_TO_ROUND_END = 20  # the generated "today" lies this many days before wave 0's current round ends
NATIONAL_DONE_SHARE = 0.3
BACKGROUNDS = ["law", "it", "criminology", "social", "data", "public-admin"]


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
    from allauth.mfa.models import Authenticator

    s = ctx["sizes"]
    password = make_password(PASSWORD)  # hashed once for everyone, with the production hasher
    n_supervisors = s["regional_assignments"] + s["national_assignments"]
    n_leaders = s["programmes"]
    users = [
        User(email=f"student{i}@bench.example", name=f"Student {i:06d}", password=password)
        for i in range(s["students"])
    ]
    users += [
        User(email=f"supervisor{i}@bench.example", name=f"Supervisor {i:06d}", password=password)
        for i in range(n_supervisors)
    ]
    users += [User(email=f"leader{i}@bench.example", name=f"Leader {i}", password=password) for i in range(n_leaders)]
    users += [
        User(email=NATIONAL_LEADER_EMAIL, name="National leader", password=password),
        User(email=ADMIN_EMAIL, name="Bench administrator", password=password, is_staff=True, is_superuser=True),
    ]
    users = _bulk(User, users)
    student_users = users[: s["students"]]
    supervisor_users = users[s["students"] : s["students"] + n_supervisors]
    levels = list(Level.values)
    ctx["students"] = _bulk(
        Student,
        [
            Student(
                user=u,
                level=levels[i % len(levels)],
                backgrounds=[BACKGROUNDS[i % 6], BACKGROUNDS[(i // 6) % 6]] if i % 6 != (i // 6) % 6 else ["data"],
            )
            for i, u in enumerate(student_users)
        ],
    )
    ctx["supervisors"] = _bulk(Supervisor, [Supervisor(user=u, max_students=10) for u in supervisor_users])
    ctx["leaders"] = users[s["students"] + n_supervisors : -2]
    ctx["national_leader"], ctx["admin"] = users[-2], users[-1]
    units = ctx["units"]
    through = Supervisor.units.through
    _bulk(through, [through(supervisor=sup, unit=units[i % len(units)]) for i, sup in enumerate(ctx["supervisors"])])
    # An authenticator app for everyone the MFA gate stops (leaders, administrators): its secret is never
    # used, the sessions are made signed in (bench.harness.session_cookie).
    _bulk(
        Authenticator,
        [
            Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": "bench-not-a-secret"})
            for u in [*ctx["leaders"], ctx["national_leader"], ctx["admin"]]
        ],
    )


def wave0_current_end(today: date) -> date:
    return today + timedelta(days=DAYS_TO_ROUND_END)


def _round_dates(today: date, wave: int) -> list[tuple[date, date]]:
    """(start, end) of each round of a wave: two finished ones, the current one, the next."""
    current_end = wave0_current_end(today)
    current_start = current_end + timedelta(days=1) - relativedelta(months=6)
    offset = timedelta(days=wave_offset(wave))
    starts = [current_start + relativedelta(months=6 * (r - 2)) for r in range(ROUNDS + 1)]
    return [(starts[r] + offset, starts[r + 1] + offset - timedelta(days=1)) for r in range(ROUNDS)]


def programmes(ctx):
    s = ctx["sizes"]
    today = ctx["today"]
    n = s["programmes"]
    dates = {w: _round_dates(today, w) for w in range(s["waves"])}
    first = min(d[0][0] for d in dates.values())
    last = max(d[-1][1] for d in dates.values())
    org = Organisation.objects.order_by("pk").first()
    progs = _bulk(
        Programme,
        [
            Programme(
                name=f"Bench programme {i}",
                kind=Programme.Kind.WORK_STUDENT,
                organisation=org,
                start_date=first,
                end_date=last,
            )
            for i in range(n)
        ],
    )
    _bulk(ProgrammeLeader, [ProgrammeLeader(programme=p, user=u) for p, u in zip(progs, ctx["leaders"], strict=True)])
    ctx["programmes"] = progs
    ctx["cohorts"] = _bulk(
        Cohort, [Cohort(programme=p, name="Cohort A", start_date=dates[i // WAVE][0][0]) for i, p in enumerate(progs)]
    )
    through = Cohort.students.through
    _bulk(through, [through(cohort=ctx["cohorts"][i % n], student=st) for i, st in enumerate(ctx["students"])])
    rounds = []
    for i, cohort in enumerate(ctx["cohorts"]):
        for r, (start, end) in enumerate(dates[i // WAVE]):
            state = RotationRound.State.CLOSED if end < today else RotationRound.State.PUBLISHED
            rounds.append(
                RotationRound(cohort=cohort, name=f"Round {r + 1}", start_date=start, end_date=end, state=state)
            )
    ctx["rounds"] = _bulk(RotationRound, rounds)
    per_programme = max(1, s["regional_assignments"] // n)
    capacity = math.ceil(math.ceil(s["students"] / n) / per_programme)
    units, sups = ctx["units"], ctx["supervisors"]
    ctx["assignments"] = _bulk(
        Assignment,
        [
            Assignment(
                programme=progs[i % n],
                unit=units[i % len(units)],
                title=f"Assignment {i}",
                capacity=capacity,
                default_supervisor=sups[i],
            )
            for i in range(per_programme * n)
        ],
    )


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
            rows.append(
                Placement(
                    student=student,
                    assignment=assignment,
                    rotation_round=rnd,
                    supervisor_id=assignment.default_supervisor_id,
                    start_date=rnd.start_date,
                    end_date=rnd.end_date,
                    status=_status(rnd.start_date, rnd.end_date, today),
                )
            )
    ctx["placements"] = _bulk(Placement, rows)


def _status(start: date, end: date, today: date) -> str:
    if end < today:
        return Placement.Status.COMPLETED
    return Placement.Status.ACTIVE if start <= today else Placement.Status.PLANNED


def national_round(ctx):
    """The national programme: a cohort of every student, its assignments, a closed earlier round in which
    some students did a unit, and the round to match (preferences open, five choices per student)."""
    from rounds.models import MatchProposal, Preference

    s, today = ctx["sizes"], ctx["today"]
    rng = random.Random(20260501)
    first = min(r.start_date for r in ctx["rounds"])
    last = max(r.end_date for r in ctx["rounds"])
    done_start = first - relativedelta(months=6)
    start = last + timedelta(days=1)
    end = start + relativedelta(months=6) - timedelta(days=1)
    programme = Programme.objects.create(
        name="Landelijke wisselstage (bench)",
        kind=Programme.Kind.WORK_STUDENT,
        organisation=Organisation.objects.order_by("pk").first(),
        start_date=done_start,
        end_date=end,
    )
    ProgrammeLeader.objects.create(programme=programme, user=ctx["national_leader"])
    cohort = Cohort.objects.create(programme=programme, name="Landelijk cohort", start_date=done_start)
    through = Cohort.students.through
    _bulk(through, [through(cohort=cohort, student=st) for st in ctx["students"]])
    units = ctx["units"]
    sups = ctx["supervisors"][s["regional_assignments"] :]
    levels = list(Level.values)
    assignments = []
    for i in range(s["national_assignments"]):
        capacity = rng.randint(3, 8)
        assignments.append(
            Assignment(
                programme=programme,
                unit=units[(i * 7) % len(units)],
                title=f"National assignment {i}",
                capacity=capacity,
                min_capacity=rng.choice([0, 0, 1]),
                default_supervisor=sups[i % len(sups)],
                wanted_backgrounds=rng.sample(BACKGROUNDS, rng.randint(0, 2)),
                wanted_levels=rng.sample(levels, rng.randint(0, 2)),
            )
        )
    assignments = _bulk(Assignment, assignments)
    done_round, matched_round = _bulk(
        RotationRound,
        [
            RotationRound(
                cohort=cohort,
                name="Landelijke ronde 0",
                start_date=done_start,
                end_date=first - timedelta(days=1),
                state=RotationRound.State.CLOSED,
            ),
            RotationRound(
                cohort=cohort,
                name="Landelijke ronde 1",
                start_date=start,
                end_date=end,
                state=RotationRound.State.PREFERENCES_OPEN,
            ),
        ],
    )
    # Popular assignments exist: a student's choices are drawn with weights 1 / (popularity rank)^0.6.
    order = list(range(len(assignments)))
    rng.shuffle(order)
    weights = [0.0] * len(assignments)
    for popularity, index in enumerate(order):
        weights[index] = 1 / (popularity + 1) ** 0.6
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    choices = min(5, len(assignments))
    preferences, done, proposals = [], [], []
    free = [a.capacity for a in assignments]
    for student in ctx["students"]:
        ranking = []
        while len(ranking) < choices:
            index = rng.choices(range(len(assignments)), cum_weights=cumulative)[0]
            if index not in ranking:
                ranking.append(index)
        preferences += [
            Preference(student=student, rotation_round=matched_round, assignment=assignments[index], rank=rank)
            for rank, index in enumerate(ranking, start=1)
        ]
        if rng.random() < NATIONAL_DONE_SHARE:  # a unit done in the closed round: a placement and its proposal
            index = next((k for k in ranking if free[k] > 0), None)
            if index is None:
                index = next((k for k in rng.sample(range(len(assignments)), len(assignments)) if free[k] > 0), None)
            if index is None:
                continue
            free[index] -= 1
            assignment = assignments[index]
            done.append(
                Placement(
                    student=student,
                    assignment=assignment,
                    rotation_round=done_round,
                    supervisor_id=assignment.default_supervisor_id,
                    start_date=done_round.start_date,
                    end_date=done_round.end_date,
                    status=_status(done_round.start_date, done_round.end_date, today),
                )
            )
            rank = ranking.index(index) + 1 if index in ranking else None
            proposals.append(
                MatchProposal(
                    rotation_round=done_round, student=student, assignment=assignment, rank=rank, reason="history"
                )
            )
    _bulk(Preference, preferences)
    ctx["placements"] += _bulk(Placement, done)
    _bulk(MatchProposal, proposals)
    ctx["national"] = {"programme": programme, "cohort": cohort, "round": matched_round, "done_round": done_round}


def evaluations(ctx):
    """Questionnaires for both respondents (the organisation's), a mid-term and a final moment per programme
    asking them, and the final requests of every finished placement: about 100,000 answers at scale 1
    (four per submitted request), the requests not submitted expired."""
    from evaluations.models import (
        Answer,
        Audience,
        EvaluationMoment,
        EvaluationRequest,
        MomentQuestionnaire,
        Question,
        Questionnaire,
        QuestionnaireVersion,
    )
    from evaluations.models import Response as EvaluationResponse

    target = round(100_000 * ctx["sizes"]["students"] / FULL["students"])
    questions = [
        (Question.Kind.LIKERT, []),
        (Question.Kind.SINGLE, ["Yes", "No"]),
        (Question.Kind.MULTIPLE, ["Guidance", "Assignment", "Team"]),
        (Question.Kind.TEXT, []),
    ]
    versions = {}
    for audience in (Audience.STUDENT, Audience.SUPERVISOR):
        questionnaire = Questionnaire.objects.create(
            name=f"Bench {audience}", audience=audience, organisation=ctx["programmes"][0].organisation
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
    # Every programme the placements are in (the national one's organisation too: bench data skips the
    # services, so the owner rules are not checked here).
    programmes = Programme.objects.filter(pk__in=Assignment.objects.values("programme_id"))
    finals = {}
    for programme in programmes:
        midterm = EvaluationMoment.objects.create(programme=programme, name="Mid-term", placement_share=50, position=0)
        finals[programme.pk] = EvaluationMoment.objects.create(programme=programme, name="Final", position=1)
        _bulk(
            MomentQuestionnaire,
            [
                MomentQuestionnaire(moment=moment, audience=audience, questionnaire=version.questionnaire)
                for moment in (midterm, finals[programme.pk])
                for audience, (version, _questions) in versions.items()
            ],
        )
    programme_of = dict(Assignment.objects.values_list("pk", "programme_id"))
    supervisor_users = {s.pk: s.user_id for s in ctx["supervisors"]}
    student_users = {s.pk: s.user_id for s in ctx["students"]}
    finished = [p for p in ctx["placements"] if p.status == Placement.Status.COMPLETED and p.supervisor_id]
    # The share submitted that gives `target` answers (four per submitted request), in eighths.
    eighths = max(1, min(8, round(8 * target / (4 * 2 * len(finished))))) if finished else 8
    now = timezone.now()
    requests = []
    for i, placement in enumerate(finished):
        for audience, user_id in (
            (Audience.STUDENT, student_users[placement.student_id]),
            (Audience.SUPERVISOR, supervisor_users[placement.supervisor_id]),
        ):
            submitted = (i % 8) < eighths
            requests.append(
                EvaluationRequest(
                    placement=placement,
                    moment=finals[programme_of[placement.assignment_id]],
                    audience=audience,
                    respondent_id=user_id,
                    version=versions[audience][0],
                    sent_on=placement.end_date,
                    due_date=placement.end_date + timedelta(days=21),
                    state="submitted" if submitted else "expired",
                    submitted_at=now if submitted else None,
                )
            )
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
        if len(answers) >= BATCH * 10:
            _bulk(Answer, answers)
            ctx["answers"] = ctx.get("answers", 0) + len(answers)
            answers = []
    _bulk(Answer, answers)
    ctx["answers"] = ctx.get("answers", 0) + len(answers)
    ctx["evaluation_requests"] = len(requests)


STEPS = [organisations, people, programmes, placements, national_round, evaluations]


def generate(*, scale: float = 1.0, today: date | None = None, steps=None, log=print) -> dict:
    """Fill an empty database; returns the context (sizes, created objects, seconds per step)."""
    import time

    ctx = {"sizes": sizes(scale), "scale": scale, "today": today or timezone.localdate(), "timings": {}}
    for step in steps or STEPS:
        started = time.perf_counter()
        with transaction.atomic():
            step(ctx)
        ctx["timings"][step.__name__] = time.perf_counter() - started
        log(f"  generate {step.__name__:<16} {ctx['timings'][step.__name__]:6.1f} s")
    return ctx
