"""Round services: state changes, matching into a proposal, moves and publishing (all or nothing)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from placements.models import Placement
from programmes.models import RotationRound
from rounds.models import MatchProposal, Preference
from rounds.services import (
    match_proposal_move,
    preferences_set,
    rotation_round_match,
    rotation_round_publish,
    rotation_round_set_state,
    students_without_preferences,
)
from tests.factories import (
    PlacementFactory,
    RotationRoundFactory,
    StudentFactory,
)

from .rounds_data import round_with_preferences

pytestmark = pytest.mark.django_db
State = RotationRound.State


@pytest.fixture
def setup():
    return round_with_preferences(3)


def test_round_journey_match_move_publish(setup):
    rnd, students, assignments = setup
    result = rotation_round_match(rotation_round=rnd)
    rnd.refresh_from_db()
    assert rnd.state == State.MATCHED
    assert sorted(m.assignment_id for m in result.matches) == sorted(a.pk for a in assignments)
    proposal = MatchProposal.objects.get(rotation_round=rnd, student=students[0])
    assert proposal.rank == 1 and proposal.reason_text == "1st choice"
    other = MatchProposal.objects.exclude(pk=proposal.pk).filter(rotation_round=rnd).first()
    with pytest.raises(ValidationError, match="full"):
        match_proposal_move(proposal=other, assignment=proposal.assignment)
    match_proposal_move(proposal=proposal, assignment=None)
    match_proposal_move(proposal=other, assignment=assignments[0])
    placements = rotation_round_publish(rotation_round=rnd)
    assert len(placements) == 2
    assert Placement.objects.filter(rotation_round=rnd).count() == 2
    rnd.refresh_from_db()
    assert rnd.state == State.PUBLISHED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"rotation_round.matched", "rotation_round.proposal_moved", "rotation_round.published"} <= actions


def test_no_return_to_a_unit_already_done(setup):
    rnd, students, assignments = setup
    PlacementFactory(
        student=students[0], assignment=assignments[0], start_date=date(2026, 2, 1), end_date=date(2026, 7, 31)
    )
    result = rotation_round_match(rotation_round=rnd).by_student()
    assert result[students[0].pk].assignment_id != assignments[0].pk
    proposal = MatchProposal.objects.get(rotation_round=rnd, student=students[0])
    with pytest.raises(ValidationError, match="already had"):
        match_proposal_move(proposal=proposal, assignment=assignments[0])


def test_publish_is_all_or_nothing(setup):
    rnd, _students, assignments = setup
    rotation_round_match(rotation_round=rnd)
    # Someone fills an assignment outside the round after matching: publishing must fail as a whole.
    PlacementFactory(assignment=assignments[2], start_date=rnd.start_date, end_date=rnd.end_date)
    with pytest.raises(ValidationError):
        rotation_round_publish(rotation_round=rnd)
    assert not Placement.objects.filter(rotation_round=rnd).exists()
    rnd.refresh_from_db()
    assert rnd.state == State.MATCHED


def test_state_machine_refuses_skips():
    rnd = RotationRoundFactory()
    with pytest.raises(ValidationError):
        rotation_round_set_state(rotation_round=rnd, state=State.RUNNING)
    rotation_round_set_state(rotation_round=rnd, state=State.PREFERENCES_OPEN)
    assert AuditEntry.objects.filter(action="rotation_round.preferences_open").count() == 1
    with pytest.raises(ValidationError):
        rotation_round_publish(rotation_round=rnd)


def test_previous_round_rank_feeds_fairness(setup):
    rnd, students, _assignments = setup
    earlier = RotationRoundFactory(
        cohort=rnd.cohort, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31), state=State.CLOSED
    )
    MatchProposal.objects.create(rotation_round=earlier, student=students[2], assignment=None, rank=3)
    result = rotation_round_match(rotation_round=rnd).by_student()
    assert result[students[2].pk].rank == 1  # last round's 3rd choice now gets their 1st


def test_student_ranks_in_own_cohorts_open_round_only(setup):
    rnd, students, assignments = setup
    ids = [a.pk for a in reversed(assignments)]
    preferences_set(student=students[0], rotation_round=rnd, assignment_ids=ids)
    assert (
        list(Preference.objects.filter(student=students[0], rotation_round=rnd).values_list("assignment_id", flat=True))
        == ids
    )
    outsider = StudentFactory()
    with pytest.raises(ValidationError, match="cohort"):
        preferences_set(student=outsider, rotation_round=rnd, assignment_ids=ids)
    with pytest.raises(ValidationError, match="at least 3"):
        preferences_set(student=students[0], rotation_round=rnd, assignment_ids=ids[:2])
    with pytest.raises(ValidationError, match="once"):
        preferences_set(student=students[0], rotation_round=rnd, assignment_ids=[ids[0], ids[0], ids[1]])
    Preference.objects.filter(student=students[1]).delete()
    assert list(students_without_preferences(rnd)) == [students[1]]
    rnd.state = State.DRAFT
    rnd.save()
    with pytest.raises(ValidationError, match="not open"):
        preferences_set(student=students[0], rotation_round=rnd, assignment_ids=ids)
