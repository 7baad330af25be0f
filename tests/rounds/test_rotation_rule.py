"""The rotation rule in a round: a unit the student has done in this programme (or a unit under it) is not
offered on their preference page, cannot be ranked, is never matched, and the matching's reasons say so."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements.models import Placement
from programmes.models import RotationRound
from rounds.models import MatchProposal, Preference
from rounds.reasons import reason_text
from rounds.services import offered_to_student, preferences_set, rotation_round_match
from tests.factories import AssignmentFactory, PlacementFactory, RotationRoundFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(world, cohort):
    """The world's cohort's next round open for preferences; the world's student did the world's unit,
    which has a team under it offering an assignment too."""
    done = world.placement.assignment.unit
    team = UnitFactory(organisation=done.organisation, parent=done, name="Team Zuid")
    AssignmentFactory(programme=world.programme, unit=team, title="Jeugdzaken", capacity=1)
    return RotationRoundFactory(
        cohort=cohort,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        state=RotationRound.State.PREFERENCES_OPEN,
    )


def test_the_student_is_not_offered_their_unit_nor_the_team_under_it(client, world, open_round):
    student = world.student.student
    offered = {a.title for a in offered_to_student(open_round, student)}
    assert offered == {"Analyse woninginbraken", "Wijkteam Centrum", "Cybercrime desk"}
    client.force_login(world.student)
    page = client.get(reverse("rounds:student_preferences", args=[open_round.pk])).content.decode()
    assert "Jeugdzaken" not in page and world.placement.assignment.title not in page
    assert "Analyse woninginbraken" in page


def test_ranking_a_unit_done_is_refused_with_the_reason(client, world, open_round):
    student = world.student.student
    team = open_round.cohort.programme.assignments.get(title="Jeugdzaken")
    others = [a.pk for a in offered_to_student(open_round, student)][:2]
    with pytest.raises(ValidationError) as exc:
        preferences_set(student=student, rotation_round=open_round, assignment_ids=[team.pk, *others])
    assert exc.value.code == "unit_done"
    assert not Preference.objects.filter(rotation_round=open_round).exists()


def test_another_student_may_rank_the_unit(world, open_round):
    newcomer = open_round.cohort.students.exclude(pk=world.student.student.pk).first()
    team = open_round.cohort.programme.assignments.get(title="Jeugdzaken")
    assert team in offered_to_student(open_round, newcomer)


def test_the_matching_never_proposes_a_unit_done_and_says_why_a_choice_was_passed_over(world, open_round):
    """The student ranked the team under their unit before they did the unit (the ranking stays, the
    placement came later): the matching passes it over and the reason names the unit done."""
    student = world.student.student
    team = open_round.cohort.programme.assignments.get(title="Jeugdzaken")
    free = open_round.cohort.programme.assignments.get(title="Cybercrime desk")
    Preference.objects.create(student=student, rotation_round=open_round, assignment=team, rank=1)
    Preference.objects.create(student=student, rotation_round=open_round, assignment=free, rank=2)
    rotation_round_match(rotation_round=open_round)
    proposal = MatchProposal.objects.get(rotation_round=open_round, student=student)
    assert proposal.assignment == free
    assert proposal.reason == "rank:2;1:unit_done"
    assert reason_text(proposal.reason) == "2nd choice; 1st choice: unit already done in this programme"


def test_a_unit_done_in_the_rounds_own_placements_does_not_block_the_round(world, open_round):
    """Placements of the round itself (published earlier) are its outcome, not history."""
    student = world.student.student
    Placement.objects.filter(pk=world.placement.pk).update(rotation_round=open_round)
    team = open_round.cohort.programme.assignments.get(title="Jeugdzaken")
    assert team in offered_to_student(open_round, student)


def test_a_placement_in_another_programme_does_not_count(world, open_round):
    student = world.other_placement.student
    open_round.cohort.students.add(student)
    elsewhere = AssignmentFactory(unit=world.placement.assignment.unit)  # the same unit, another programme
    PlacementFactory(student=student, assignment=elsewhere, start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))
    assert world.placement.assignment in offered_to_student(open_round, student)
