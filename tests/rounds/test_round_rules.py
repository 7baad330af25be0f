"""Rules added with the rounds pages: round creation, the preferences deadline, document blockers on
publishing and group placements (all or nothing)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import DocumentRequirement
from placements.models import Placement
from placements.services import placement_group_create
from programmes.models import RotationRound
from rounds.models import Preference
from rounds.services import preferences_set, rotation_round_create, rotation_round_match, rotation_round_publish
from tests.documents.conftest import approve, requirement
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    ProgrammeFactory,
    StudentFactory,
    SupervisorFactory,
)

from .rounds_data import round_with_preferences

pytestmark = pytest.mark.django_db
State = RotationRound.State


@pytest.fixture
def matched():
    rnd, students, _assignments = round_with_preferences(2)
    rotation_round_match(rotation_round=rnd)
    return rnd, students


def test_publish_refuses_while_a_proposed_student_lacks_a_document(matched):
    rnd, students = matched
    vog = requirement(rnd.cohort.programme, DocumentRequirement.Kind.VOG, "VOG")
    approve(students[0], vog, expires_on=date(2027, 12, 31))
    approve(students[1], vog, expires_on=date(2026, 7, 1))  # expired before the round starts on 1-8-2026
    with pytest.raises(ValidationError, match="blocked by documents") as caught:
        rotation_round_publish(rotation_round=rnd)
    assert str(students[1]) in str(caught.value) and "VOG expired on 01-07-2026" in str(caught.value)
    assert str(students[0]) + ":" not in str(caught.value)
    assert not Placement.objects.filter(rotation_round=rnd).exists()
    rnd.refresh_from_db()
    assert rnd.state == State.MATCHED


def test_publish_goes_ahead_once_the_documents_are_in_order(matched):
    rnd, students = matched
    vog = requirement(rnd.cohort.programme, DocumentRequirement.Kind.VOG, "VOG")
    for student in students:
        approve(student, vog, expires_on=date(2028, 1, 1))
    assert len(rotation_round_publish(rotation_round=rnd)) == 2


def test_preferences_close_after_the_deadline_day(matched, time_machine):
    rnd, students = matched
    rnd.state, rnd.preferences_deadline = State.PREFERENCES_OPEN, date(2026, 7, 1)
    rnd.save()
    ranking = Preference.objects.filter(rotation_round=rnd, student=students[0])
    ids = list(ranking.values_list("assignment_id", flat=True))
    time_machine.move_to(date(2026, 7, 1), tick=False)
    preferences_set(student=students[0], rotation_round=rnd, assignment_ids=ids[::-1])
    time_machine.move_to(date(2026, 7, 2), tick=False)
    with pytest.raises(ValidationError, match="deadline"):
        preferences_set(student=students[0], rotation_round=rnd, assignment_ids=ids)


def test_round_create_checks_dates_and_unique_names():
    cohort = CohortFactory()
    kwargs = {"cohort": cohort, "name": "R1", "start_date": date(2027, 2, 1), "end_date": date(2027, 7, 31)}
    with pytest.raises(ValidationError) as caught:
        rotation_round_create(**{**kwargs, "end_date": date(2027, 2, 1)})
    assert "end_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        rotation_round_create(**kwargs, preferences_deadline=date(2027, 2, 1))
    assert "preferences_deadline" in caught.value.message_dict
    rnd = rotation_round_create(**kwargs, preferences_deadline=date(2027, 1, 15))
    assert rnd.state == State.DRAFT
    with pytest.raises(ValidationError) as caught:
        rotation_round_create(**kwargs)
    assert "name" in caught.value.message_dict


@pytest.fixture
def group():
    programme = ProgrammeFactory()
    students = StudentFactory.create_batch(3)
    cohort = CohortFactory(programme=programme, students=students)
    assignment = AssignmentFactory(programme=programme, capacity=2, default_supervisor=SupervisorFactory())
    return cohort, students, assignment


def test_group_placement_places_everyone_with_the_same_dates(group):
    _cohort, students, assignment = group
    placements = placement_group_create(
        students=students[:2], assignment=assignment, start_date=date(2027, 3, 1), end_date=date(2027, 3, 1)
    )
    assert {p.student for p in placements} == set(students[:2])
    assert {(p.start_date, p.end_date) for p in placements} == {(date(2027, 3, 1), date(2027, 3, 1))}


def test_group_placement_is_all_or_nothing_and_names_the_student(group):
    _cohort, students, assignment = group
    with pytest.raises(ValidationError) as caught:
        placement_group_create(
            students=students, assignment=assignment, start_date=date(2027, 3, 1), end_date=date(2027, 3, 1)
        )
    assert "Nobody was placed" in str(caught.value)
    assert str(max(students, key=lambda s: s.pk)) in str(caught.value) and "is full" in str(caught.value)
    assert not Placement.objects.exists()


def test_group_placement_refuses_an_overlap_of_one_student(group):
    _cohort, students, assignment = group
    placement_group_create(
        students=[students[0]], assignment=assignment, start_date=date(2027, 3, 1), end_date=date(2027, 3, 5)
    )
    other = AssignmentFactory(programme=assignment.programme, capacity=5)
    with pytest.raises(ValidationError, match="already has a placement"):
        placement_group_create(
            students=students, assignment=other, start_date=date(2027, 3, 2), end_date=date(2027, 3, 2)
        )
    assert Placement.objects.count() == 1


def test_group_placement_page(client, world):
    cohort = world.student.student.cohorts.get()
    cohort.students.add(*StudentFactory.create_batch(2))
    assignment = AssignmentFactory(programme=world.programme, title="Uitwisseling Rotterdam", capacity=2)
    client.force_login(world.leader)
    url = reverse("placements:placement_group_create")
    page = client.get(url).content.decode()  # the leader's only cohort is chosen already
    assert all(s.user.name in page for s in cohort.students.select_related("user"))
    assert "Choose a cohort" in client.get(url, {"cohort": "x"}).content.decode()
    post = {
        "cohort": cohort.pk,
        "students": [s.pk for s in cohort.students.all()],
        "assignment": assignment.pk,
        "start_date": "2027-03-01",
        "end_date": "2027-03-01",
    }
    response = client.post(url, post)
    assert response.status_code == 200 and "Nobody was placed" in response.content.decode()
    assert not Placement.objects.filter(assignment=assignment).exists()
    post["students"] = post["students"][:2]
    response = client.post(url, post)
    assert response.status_code == 302
    assert Placement.objects.filter(assignment=assignment).count() == 2
    # Another programme's cohort is not found.
    other_cohort = world.other_student.student.cohorts.get()
    assert client.get(url, {"cohort": other_cohort.pk}).status_code == 404
