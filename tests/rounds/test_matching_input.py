"""matching_input reads a round in a fixed number of set-based queries and gives exactly what the
construction before it gave (one loop over every assignment per student), on a generated round."""

from datetime import date

import pytest

from bench.matching_round import matching_round_create
from placements.models import Assignment, Placement
from programmes.models import RotationRound
from rounds import matching
from rounds.models import MatchProposal, Preference
from rounds.services import matching_input, offered_assignments
from tests.factories import AssignmentFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def matching_input_before(rotation_round):
    """The construction matching_input replaced, kept verbatim as the reference for its output."""
    from programmes.models import Supervisor
    from rounds.services import _previous_ranks

    start, end = rotation_round.start_date, rotation_round.end_date
    assignments = offered_assignments(rotation_round)
    student_ids = list(rotation_round.cohort.students.order_by("pk").values_list("pk", flat=True))
    live = Placement.objects.live().exclude(rotation_round=rotation_round)
    overlapping = live.overlapping(start, end)
    taken: dict[int, int] = {}
    for aid in overlapping.filter(assignment__in=assignments).values_list("assignment_id", flat=True):
        taken[aid] = taken.get(aid, 0) + 1
    busy = set(overlapping.filter(student_id__in=student_ids).values_list("student_id", flat=True))
    done_units: dict[int, set[int]] = {}
    for sid, unit_id in live.filter(
        student_id__in=student_ids, assignment__programme_id=rotation_round.cohort.programme_id
    ).values_list("student_id", "assignment__unit_id"):
        done_units.setdefault(sid, set()).add(unit_id)
    rankings: dict[int, list[int]] = {}
    for sid, aid in (
        Preference.objects.filter(rotation_round=rotation_round)
        .order_by("student_id", "rank")
        .values_list("student_id", "assignment_id")
    ):
        rankings.setdefault(sid, []).append(aid)
    students_by_id = {
        s.pk: s for s in rotation_round.cohort.students.select_related(None).only("pk", "level", "backgrounds")
    }
    previous = _previous_ranks(rotation_round)
    all_ids = frozenset(a.pk for a in assignments)
    s_in = []
    for sid in student_ids:
        s = students_by_id[sid]
        units = done_units.get(sid, set())
        done = frozenset(a.pk for a in assignments if a.unit_id in units)  # (the generator makes no sub-units)
        blocked = all_ids if sid in busy else done
        s_in.append(
            matching.StudentIn(
                id=sid,
                ranking=tuple(rankings.get(sid, ())),
                backgrounds=frozenset(s.backgrounds or ()),
                level=s.level or "",
                blocked=blocked,
                done=done,
                previous_rank=previous.get(sid),
            )
        )
    a_in = [
        matching.AssignmentIn(
            id=a.pk,
            capacity=max(0, a.capacity - taken.get(a.pk, 0)),
            min_capacity=max(0, a.min_capacity - taken.get(a.pk, 0)),
            supervisor_id=a.default_supervisor_id,
            wanted_backgrounds=frozenset(a.wanted_backgrounds or ()),
            wanted_levels=frozenset(a.wanted_levels or ()),
        )
        for a in assignments
        if a.capacity - taken.get(a.pk, 0) > 0
    ]
    sup_ids = {a.default_supervisor_id for a in assignments if a.default_supervisor_id}
    load: dict[int, int] = {}
    for sup in overlapping.filter(supervisor_id__in=sup_ids).values_list("supervisor_id", flat=True):
        load[sup] = load.get(sup, 0) + 1
    sup_room = {
        pk: max(0, m - load.get(pk, 0))
        for pk, m in Supervisor.objects.filter(pk__in=sup_ids).values_list("pk", "max_students")
    }
    return s_in, a_in, sup_room


def _with_corner_cases(rotation_round: RotationRound) -> None:
    """What the generator does not make: assignments not on offer or without a supervisor, a full one,
    a student without a ranking, a unit done in another programme, a placement of this very round."""
    programme = rotation_round.cohort.programme
    students = list(rotation_round.cohort.students.order_by("pk"))
    some = Assignment.objects.filter(programme=programme).order_by("pk")
    unit = some[0].unit
    AssignmentFactory(programme=programme, unit=unit, is_active=False)
    AssignmentFactory(programme=programme, unit=unit, available_until=rotation_round.start_date)
    AssignmentFactory(programme=programme, unit=unit, default_supervisor=None, capacity=2)
    full = AssignmentFactory(programme=programme, unit=unit, default_supervisor=None, capacity=2, min_capacity=1)
    for student in students[:2]:
        PlacementFactory(
            student=student,
            assignment=full,
            start_date=rotation_round.start_date,
            end_date=rotation_round.end_date,
        )
    Preference.objects.filter(rotation_round=rotation_round, student=students[2]).delete()
    elsewhere = Assignment.objects.exclude(programme=programme).get()  # the exchange, on the same unit
    PlacementFactory(student=students[3], assignment=elsewhere, start_date=date(2020, 1, 1), end_date=date(2020, 1, 2))
    PlacementFactory(
        student=students[4],
        assignment=some[2],
        supervisor_id=some[2].default_supervisor_id,
        rotation_round=rotation_round,
        start_date=rotation_round.start_date,
        end_date=rotation_round.end_date,
    )


@pytest.mark.parametrize(("students", "assignments"), [(40, 12), (300, 60)])
def test_matching_input_is_what_the_loop_over_every_assignment_gave(students, assignments):
    rotation_round = matching_round_create(students=students, assignments=assignments, history=3).rotation_round
    _with_corner_cases(rotation_round)
    before = matching_input_before(rotation_round)
    after = matching_input(rotation_round)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
    # The generated round has every kind of student the rule treats apart, so the comparison means something.
    s_in = after[0]
    offered = len(offered_assignments(rotation_round))
    assert any(len(s.blocked) == offered for s in s_in)  # busy in the round's period
    assert any(0 < len(s.blocked) < offered for s in s_in)  # units done in the programme
    assert any(not s.ranking for s in s_in) and any(s.previous_rank for s in s_in)
    assert len(after[1]) < offered  # the full assignment is left out


@pytest.mark.parametrize(("students", "assignments"), [(20, 6), (200, 40)])
def test_matching_input_queries_do_not_grow_with_the_round(django_assert_num_queries, students, assignments):
    rotation_round = matching_round_create(students=students, assignments=assignments).rotation_round
    rotation_round = RotationRound.objects.get(pk=rotation_round.pk)
    # cohort, offered assignments, places taken per assignment, busy students, units done, the sub-units
    # of their organisations, rankings, previous round, its ranks, the students, supervisors' load, their
    # maximum (12 at both sizes).
    with django_assert_num_queries(12):
        matching_input(rotation_round)


def test_a_round_without_history_blocks_nothing():
    rotation_round = matching_round_create(students=10, assignments=4, history=0).rotation_round
    Placement.objects.filter(start_date=rotation_round.start_date).delete()
    MatchProposal.objects.all().delete()
    students, assignments, _room = matching_input(rotation_round)
    assert all(s.blocked == frozenset() and s.previous_rank is None for s in students)
    assert {a.id for a in assignments} == {a.pk for a in offered_assignments(rotation_round)}
