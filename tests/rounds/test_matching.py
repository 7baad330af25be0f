"""The pure matching: optimal (checked by brute force), every constraint, deterministic, fair."""

import itertools

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from rounds.matching import (
    UNPLACED,
    AssignmentIn,
    StudentIn,
    choice_cost,
    choice_shares,
    greedy_baseline,
    match,
)
from rounds.reasons import reason_text


def brute_force_cost(students, assignments, supervisors, min_bonus):
    """Try every assignment of students (or none) and return the lowest feasible total cost."""
    options = [None, *[a.id for a in assignments]]
    by_id = {a.id: a for a in assignments}
    best = None
    for combo in itertools.product(options, repeat=len(students)):
        counts, loads, cost = {}, {}, 0
        for student, aid in zip(students, combo, strict=True):
            if aid is None:
                cost += UNPLACED
                continue
            if aid in student.blocked:
                break
            a = by_id[aid]
            counts[aid] = counts.get(aid, 0) + 1
            loads[a.supervisor_id] = loads.get(a.supervisor_id, 0) + 1
            rank = student.ranking.index(aid) + 1 if aid in student.ranking else None
            cost += choice_cost(student, a, rank)
        else:
            if any(counts[aid] > by_id[aid].capacity for aid in counts):
                continue
            if any(sid in supervisors and loads[sid] > supervisors[sid] for sid in loads):
                continue
            bonus = sum(min(counts.get(a.id, 0), a.min_capacity) for a in assignments) * min_bonus
            if best is None or cost - bonus < best:
                best = cost - bonus
    return best


def check_constraints(result, students, assignments, supervisors):
    by_id = {a.id: a for a in assignments}
    assert sorted(m.student_id for m in result.matches) == sorted(s.id for s in students)
    counts, loads = {}, {}
    for student, m in zip(sorted(students, key=lambda s: s.id), result.matches, strict=True):
        assert m.reason
        if m.assignment_id is None:
            continue
        assert m.assignment_id not in student.blocked
        counts[m.assignment_id] = counts.get(m.assignment_id, 0) + 1
        sid = by_id[m.assignment_id].supervisor_id
        loads[sid] = loads.get(sid, 0) + 1
    assert all(n <= by_id[aid].capacity for aid, n in counts.items())
    assert all(n <= supervisors[sid] for sid, n in loads.items() if sid in supervisors)


assignments_st = st.lists(
    st.builds(
        lambda cap, mn, sup: AssignmentIn(id=0, capacity=cap, min_capacity=min(mn, cap), supervisor_id=sup),
        st.integers(1, 2),
        st.integers(0, 1),
        st.sampled_from([1, 2, None]),
    ),
    min_size=1,
    max_size=3,
).map(lambda xs: [AssignmentIn(i + 1, a.capacity, a.min_capacity, a.supervisor_id) for i, a in enumerate(xs)])


@st.composite
def instances(draw, max_students=4):
    assignments = draw(assignments_st)
    ids = [a.id for a in assignments]
    n = draw(st.integers(1, max_students))
    students = []
    for sid in range(1, n + 1):
        ranking = draw(st.permutations(ids).map(tuple))
        ranking = ranking[: draw(st.integers(0, len(ranking)))]
        blocked = frozenset(draw(st.lists(st.sampled_from(ids), max_size=1)))
        previous = draw(st.sampled_from([None, 1, 3]))
        level = draw(st.sampled_from(["hbo", "wo"]))
        students.append(StudentIn(sid, ranking, frozenset(), level, blocked, previous))
    supervisors = {1: draw(st.integers(0, 3)), 2: draw(st.integers(0, 3))}
    return students, assignments, supervisors


@settings(max_examples=80, deadline=None)
@given(instances())
def test_matching_is_optimal_against_brute_force(instance):
    students, assignments, supervisors = instance
    result = match(students, assignments, supervisors, unranked_candidates=len(assignments))
    from rounds.matching import MIN_BONUS

    bonus = sum(min(sum(1 for m in result.matches if m.assignment_id == a.id), a.min_capacity) for a in assignments)
    assert result.total_cost - bonus * MIN_BONUS == brute_force_cost(students, assignments, supervisors, MIN_BONUS)


@settings(max_examples=60, deadline=None)
@given(instances(max_students=12))
def test_matching_respects_every_constraint_and_is_deterministic(instance):
    students, assignments, supervisors = instance
    result = match(students, assignments, supervisors)
    check_constraints(result, students, assignments, supervisors)
    again = match(list(reversed(students)), list(reversed(assignments)), dict(supervisors))
    assert again.matches == result.matches


def test_supervisor_maximum_holds_even_when_assignments_have_room():
    assignments = [AssignmentIn(1, capacity=3, supervisor_id=7), AssignmentIn(2, capacity=3, supervisor_id=7)]
    students = [StudentIn(i, ranking=(1, 2)) for i in range(1, 6)]
    result = match(students, assignments, {7: 2})
    placed = [m for m in result.matches if m.assignment_id]
    assert len(placed) == 2
    assert all(reason_text(m.reason).startswith("Not placed") for m in result.matches if m.assignment_id is None)


def test_reason_says_why_a_lower_choice_was_given():
    assignments = [AssignmentIn(1, capacity=1), AssignmentIn(2, capacity=1)]
    students = [StudentIn(1, ranking=(1, 2)), StudentIn(2, ranking=(1, 2), previous_rank=4)]
    result = match(students, assignments).by_student()
    # Student 2 had their 4th choice last round, so the fairness weight gives them the 1st now.
    assert result[2].assignment_id == 1 and reason_text(result[2].reason) == "1st choice"
    assert result[1].assignment_id == 2 and reason_text(result[1].reason) == "2nd choice; 1st choice full"
    with translation.override("nl"):
        assert reason_text(result[1].reason) == "2e keuze; 1e keuze vol"


def test_a_student_whose_choices_were_all_taken_is_told_so_not_that_they_did_not_rank():
    assignments = [AssignmentIn(1, capacity=1), AssignmentIn(2, capacity=1), AssignmentIn(3, capacity=1)]
    # The fairness weight (a 5th choice last round) gives the first two their 1st choices now.
    first, second = StudentIn(1, ranking=(1, 2), previous_rank=5), StudentIn(2, ranking=(2, 1), previous_rank=5)
    third = StudentIn(3, ranking=(1, 2))
    result = match([first, second, third], assignments).by_student()
    assert result[3].assignment_id == 3 and result[3].rank is None
    assert reason_text(result[3].reason) == (
        "None of the 2 choices was free; best fitting free assignment; 1st choice full; 2nd choice full"
    )
    with translation.override("nl"):
        assert reason_text(result[3].reason).startswith("Geen van de 2 keuzes was vrij; best passende vrije opdracht")
    assert reason_text(match([StudentIn(4)], assignments).matches[0].reason) == (
        "No preferences given; best fitting free assignment"
    )
    only = match([StudentIn(5, ranking=(1,), blocked=frozenset({1}))], assignments).matches[0]
    assert (
        reason_text(only.reason) == "The only choice was not free; best fitting free assignment; 1st choice not allowed"
    )


def test_fairness_changes_the_next_rounds_outcome():
    # Assignment 2 asks for WO; alice is WO, bob HBO, both want assignment 1 most.
    assignments = [AssignmentIn(1, capacity=1), AssignmentIn(2, capacity=1, wanted_levels=frozenset({"wo"}))]
    alice = StudentIn(1, ranking=(1, 2), level="wo")
    bob = StudentIn(2, ranking=(1, 2), level="hbo")
    without = match([alice, bob], assignments, unranked_candidates=0).by_student()
    assert without[2].assignment_id == 1 and without[1].assignment_id == 2  # bob fits 2 worse
    alice_after_bad_round = StudentIn(1, ranking=(1, 2), level="wo", previous_rank=5)
    fair = match([alice_after_bad_round, bob], assignments, unranked_candidates=0).by_student()
    assert fair[1].assignment_id == 1 and fair[2].assignment_id == 2


def test_minimum_capacity_is_filled_first_and_shortfall_reported():
    assignments = [AssignmentIn(1, capacity=2), AssignmentIn(2, capacity=2, min_capacity=1)]
    students = [StudentIn(1, ranking=(1, 2)), StudentIn(2, ranking=(1, 2))]
    result = match(students, assignments)
    assert sorted(m.assignment_id for m in result.matches) == [1, 2]
    assert result.under_minimum == {}
    short = match(students, [*assignments, AssignmentIn(3, capacity=2, min_capacity=2)], unranked_candidates=0)
    assert 3 in short.under_minimum


def test_blocked_unit_is_never_given_and_unplaced_are_explained():
    assignments = [AssignmentIn(1, capacity=1)]
    students = [StudentIn(1, ranking=(1,), blocked=frozenset({1}))]
    (m,) = match(students, assignments).matches
    assert m.assignment_id is None
    assert reason_text(m.reason) == (
        "Not placed: every ranked and fitting assignment is full or not allowed; 1st choice not allowed"
    )


def test_optimal_beats_greedy_and_shares_are_reported():
    assignments = [AssignmentIn(1, capacity=1), AssignmentIn(2, capacity=1)]
    students = [StudentIn(1, ranking=(1, 2)), StudentIn(2, ranking=(1,))]
    greedy = greedy_baseline(students, assignments)
    optimal = match(students, assignments, unranked_candidates=0)
    assert choice_shares(greedy)["unplaced"] == 1
    shares = choice_shares(optimal)
    assert shares["unplaced"] == 0 and shares["first"] == 0.5 and shares["top3"] == 1.0 and shares["worst_rank"] == 2


def test_a_student_blocked_everywhere_gets_no_candidate_and_the_others_theirs():
    # A student with another placement in the period has every offered assignment blocked (plus, here, one
    # that is full and so not offered to the solver): nothing to pick, without looking through them all.
    assignments = [AssignmentIn(1, capacity=2), AssignmentIn(2, capacity=2)]
    busy = StudentIn(1, ranking=(1,), blocked=frozenset({1, 2, 3}))
    free = StudentIn(2, ranking=())
    result = match([busy, free], assignments).by_student()
    assert result[1].assignment_id is None and result[1].reason.startswith("unplaced:full")
    assert result[2].assignment_id in (1, 2) and result[2].rank is None
