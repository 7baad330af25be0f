"""A rotation round ready for matching at national scale, and the time from the leader's click to the proposal.

    python -m bench.matching_round                    # 10,000 students x 2,000 assignments: build, then time
    python -m bench.matching_round --reuse            # time again on the round the last run built
    python -m bench.matching_round --students 100000 --assignments 20000
    python -m bench.matching_round --worker           # a real Celery worker matches (start it yourself, see below)

The database is DATABASE_URL (its name must contain "bench") or var/matching_bench.sqlite3; it is dropped
and rebuilt unless --reuse. With --worker the click is queued on CELERY_BROKER_URL (default
redis://127.0.0.1:6379/7) for a worker on the same database and broker, e.g.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<same> .venv/bin/celery -A portal \\
        -b redis://127.0.0.1:6379/7 worker --pool=solo

otherwise the task runs eagerly in this process right after the click's commit (the test settings); then,
on SQLite, `cpu_s` is the CPU time of the whole job, close to its wall time on an idle machine.

`matching_round_create()` builds the round in any migrated database (bulk writes, people of its own whose
e-mails start with `prefix`), so a bench entry can call it; `click_to_proposal()` times one click: the POST
of "Run matching", then (where the matching runs in the background) the wait until the run has finished.
"""

import argparse
import itertools
import os
import random
import time
from dataclasses import dataclass
from datetime import date

from bench.run import BASE_DIR, prepare_database, setup_django

DEFAULT_URL = f"sqlite:///{BASE_DIR / 'var' / 'matching_bench.sqlite3'}"
ROUND_NAME = "Bench matching round"
LEVELS = ["mbo3", "mbo4", "hbo", "wo"]
BACKGROUNDS = ["law", "it", "criminology", "social", "data", "public-admin"]
BATCH = 2000


@dataclass
class MatchingRound:
    rotation_round: object
    leader: object
    students: int
    assignments: int


def _months(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def matching_round_create(
    *,
    students: int = 10_000,
    assignments: int = 2_000,
    history: int = 3,
    ranked: int = 5,
    seed: int = 1,
    prefix: str = "mr",
    start: date = date(2031, 2, 1),
) -> MatchingRound:
    """One programme with `assignments` assignments (two per unit, capacities 3-8, a supervisor for every two)
    and a cohort of `students` students, each placed in `history` earlier six-month rounds of the programme
    (a different unit each time) and ranking `ranked` assignments (popular ones more often) for a round
    starting on `start` that has its preferences open. Some students are busy in the round's period (1%,
    an exchange elsewhere) or already placed on an offered assignment (0.5%, which takes its place), a few
    have a cancelled placement; the last round's proposal gives each student a previous rank."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User
    from organisations.models import Organisation, Unit
    from placements.models import Assignment, Placement
    from programmes.models import Cohort, Programme, ProgrammeLeader, RotationRound, Student, Supervisor
    from rounds.models import MatchProposal, Preference

    def bulk(model, objs):
        return model.objects.bulk_create(objs, batch_size=BATCH)

    rng = random.Random(seed)
    state = RotationRound.State
    first = _months(start, -6 * history)
    end = _months(start, 6)
    with transaction.atomic():
        org = Organisation.objects.create(name=f"{prefix} politie-eenheid", kind=Organisation.Kind.POLICE_UNIT)
        n_units = max(1, assignments // 2)
        units = bulk(Unit, [Unit(organisation=org, name=f"{prefix} team {i}") for i in range(n_units)])
        password = make_password("bench-portaal-2026")
        n_sups = max(1, assignments // 2)
        users = bulk(
            User,
            [User(email=f"{prefix}-student{i}@bench.example", name=f"Student {i:06d}", password=password)
             for i in range(students)]
            + [User(email=f"{prefix}-supervisor{i}@bench.example", name=f"Begeleider {i}", password=password)
               for i in range(n_sups)]
            + [User(email=f"{prefix}-leader@bench.example", name="Projectleider", password=password)],
        )  # fmt: skip
        leader = users[-1]
        people = bulk(
            Student,
            [
                Student(user=u, level=rng.choice(LEVELS), backgrounds=rng.sample(BACKGROUNDS, 2))
                for u in users[:students]
            ],
        )
        sups = bulk(Supervisor, [Supervisor(user=u, max_students=12) for u in users[students:-1]])
        programme = Programme.objects.create(
            name=f"{prefix} landelijk werkstudentprogramma",
            kind=Programme.Kind.WORK_STUDENT,
            organisation=org,
            start_date=first,
            end_date=_months(end, 6),
        )
        ProgrammeLeader.objects.create(programme=programme, user=leader)
        cohort = Cohort.objects.create(programme=programme, name=f"{prefix} lichting", start_date=first)
        bulk(Cohort.students.through, [Cohort.students.through(cohort=cohort, student=s) for s in people])
        offered = bulk(
            Assignment,
            [
                Assignment(
                    programme=programme,
                    unit=units[i % n_units],
                    title=f"Opdracht {i}",
                    capacity=(capacity := rng.randint(3, 8)),
                    min_capacity=min(capacity, rng.choice([0, 0, 1])),
                    default_supervisor=sups[rng.randrange(n_sups)],
                    wanted_backgrounds=rng.sample(BACKGROUNDS, rng.randint(0, 2)),
                    wanted_levels=rng.sample(LEVELS, rng.randint(0, 2)),
                )
                for i in range(assignments)
            ],
        )
        rounds = bulk(
            RotationRound,
            [
                RotationRound(
                    cohort=cohort,
                    name=f"Ronde {r + 1}",
                    start_date=_months(first, 6 * r),
                    end_date=date.fromordinal(_months(first, 6 * (r + 1)).toordinal() - 1),
                    state=state.CLOSED,
                )
                for r in range(history)
            ]
            + [
                RotationRound(
                    cohort=cohort,
                    name=ROUND_NAME,
                    start_date=start,
                    end_date=date.fromordinal(end.toordinal() - 1),
                    state=state.PREFERENCES_OPEN,
                )
            ],
        )
        rotation_round = rounds[-1]
        # History: each earlier round fills the assignments in turn up to their capacity, so a student meets
        # a different unit each round (the students shift by 23 places, a few assignments, per round).
        places = [a for a in offered for _ in range(a.capacity)]
        rows, proposals = [], []
        for r, rnd in enumerate(rounds[:-1]):
            for i, student in enumerate(people):
                a = places[(i + 23 * r) % len(places)]
                rows.append(
                    Placement(
                        student=student,
                        assignment=a,
                        rotation_round=rnd,
                        supervisor_id=a.default_supervisor_id,
                        start_date=rnd.start_date,
                        end_date=rnd.end_date,
                        status=Placement.Status.COMPLETED,
                    )
                )
                if r == history - 1:
                    rank = rng.choice([1, 1, 1, 2, 2, 3, 5, None])
                    proposals.append(MatchProposal(rotation_round=rnd, student=student, assignment=a, rank=rank))
        # The round's own period: exchanges elsewhere, places taken in advance, cancelled placements.
        elsewhere = Programme.objects.create(
            name=f"{prefix} uitwisseling",
            kind=Programme.Kind.EXCHANGE,
            organisation=org,
            start_date=first,
            end_date=_months(end, 6),
        )
        exchange = Assignment.objects.create(programme=elsewhere, unit=units[0], title="Uitwisseling", capacity=999)
        period = {"start_date": rotation_round.start_date, "end_date": rotation_round.end_date}
        for i, student in enumerate(rng.sample(people, students // 50 + 1)):
            if i % 2:
                rows.append(Placement(student=student, assignment=exchange, **period))
            elif i % 4 == 0:
                a = offered[rng.randrange(assignments)]
                rows.append(Placement(student=student, assignment=a, supervisor_id=a.default_supervisor_id, **period))
            else:
                a = offered[rng.randrange(assignments)]
                rows.append(Placement(student=student, assignment=a, status=Placement.Status.CANCELLED, **period))
        bulk(Placement, rows)
        bulk(MatchProposal, proposals)
        ids = [a.pk for a in offered]
        cum = list(itertools.accumulate(1 / (i + 1) ** 0.6 for i in range(assignments)))
        preferences = []
        for student in people:
            ranking = list(dict.fromkeys(rng.choices(ids, cum_weights=cum, k=ranked * 3)))[:ranked]
            preferences += [
                Preference(student=student, rotation_round=rotation_round, assignment_id=aid, rank=rank)
                for rank, aid in enumerate(ranking, start=1)
            ]
        bulk(Preference, preferences)
    return MatchingRound(rotation_round=rotation_round, leader=leader, students=students, assignments=assignments)


def matching_round_get() -> MatchingRound:
    """The round an earlier matching_round_create() built in this database."""
    from programmes.models import RotationRound

    rotation_round = RotationRound.objects.select_related("cohort__programme").get(name=ROUND_NAME)
    programme = rotation_round.cohort.programme
    return MatchingRound(
        rotation_round=rotation_round,
        leader=programme.leader_grants.get().user,
        students=rotation_round.cohort.students.count(),
        assignments=programme.assignments.count(),
    )


def _run_model():
    """The background run of a matching, or None in a build that matches inside the request."""
    from django.apps import apps

    try:
        return apps.get_model("rounds", "MatchingRun")
    except LookupError:
        return None


def matching_round_reset(rotation_round) -> None:
    """Back to preferences open without a proposal, as before the leader's first click."""
    from programmes.models import RotationRound
    from rounds.models import MatchProposal

    MatchProposal.objects.filter(rotation_round=rotation_round).delete()
    if (run_model := _run_model()) is not None:
        run_model.objects.filter(rotation_round=rotation_round).delete()
    RotationRound.objects.filter(pk=rotation_round.pk).update(state=RotationRound.State.PREFERENCES_OPEN)


def click_to_proposal(matching_round: MatchingRound, *, timeout: float = 900.0) -> dict:
    """Seconds from the leader's POST of "Run matching" to the stored proposal, and until the POST answered."""
    from django.test import Client
    from django.urls import reverse

    from rounds.models import MatchProposal

    rotation_round = matching_round.rotation_round
    client = Client()
    client.force_login(matching_round.leader)
    client.get(reverse("rounds:round_detail", args=[rotation_round.pk]))  # a warm process, like a worker's
    run_model = _run_model()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(reverse("rounds:round_match", args=[rotation_round.pk]))
    answered = time.perf_counter() - started
    state, stages = "done", {}
    if run_model is not None:  # poll the run as the leader's page does, only more often
        runs = run_model.objects.filter(rotation_round=rotation_round)
        while True:
            state, stage = runs.values_list("state", "stage").get()
            stages.setdefault(stage, round(time.perf_counter() - started, 2))  # when each step was first seen
            if state in ("done", "failed"):
                break
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"no proposal after {timeout:.0f} s: is a worker running?")
            time.sleep(0.02)
    stored, cpu = time.perf_counter() - started, time.process_time() - cpu
    proposals = MatchProposal.objects.filter(rotation_round=rotation_round)
    return {
        "status": response.status_code,
        "response_s": round(answered, 2),
        "proposal_s": round(stored, 2),
        "cpu_s": round(cpu, 2),  # this process's CPU time: all of the work with SQLite and an eager task
        "run": state,
        "stages": stages,
        "proposals": proposals.count(),
        "placed": proposals.filter(assignment__isnull=False).count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="time the round an earlier run built")
    parser.add_argument("--worker", action="store_true", help="queue the task for a running Celery worker")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not args.reuse:
        prepare_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    if args.worker:
        from portal.celery import app

        app.conf.task_always_eager = False
        app.conf.broker_url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")
    call_command("migrate", verbosity=0)
    if args.reuse:
        matching_round = matching_round_get()
    else:
        started = time.perf_counter()
        matching_round = matching_round_create(students=args.students, assignments=args.assignments)
        print(f"built the round in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {matching_round.students} students x {matching_round.assignments} assignments, "
        f"{'a Celery worker' if args.worker else 'eager task in this process'}"
    )
    for _ in range(args.repeat):
        matching_round_reset(matching_round.rotation_round)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE placements_matchproposal")
        print(click_to_proposal(matching_round))


if __name__ == "__main__":
    main()
