"""Placing students: overlap, capacity and supervisor load give a clear message and write nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from placements import services
from placements.models import Placement

from ..factories import AssignmentFactory, PlacementFactory, StudentFactory, SupervisorFactory

pytestmark = pytest.mark.django_db

FEB, JUL = date(2026, 2, 1), date(2026, 7, 31)


def test_placement_create_places_the_student_with_the_default_supervisor_and_goals():
    supervisor = SupervisorFactory()
    assignment = AssignmentFactory(default_supervisor=supervisor)
    placement = services.placement_create(
        student=StudentFactory(),
        assignment=assignment,
        start_date=FEB,
        end_date=JUL,
        learning_goals=["Rapporteren", "Communiceren"],
    )
    assert placement.supervisor == supervisor
    assert [g.description for g in placement.learning_goals.all()] == ["Rapporteren", "Communiceren"]


def test_overlapping_placement_is_refused_with_the_clashing_period():
    student = StudentFactory()
    PlacementFactory(student=student, start_date=FEB, end_date=JUL)
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            student=student, assignment=AssignmentFactory(), start_date=date(2026, 7, 1), end_date=date(2026, 12, 31)
        )
    assert exc.value.code == "overlap"
    assert "01-02-2026" in exc.value.messages[0]
    assert student.placements.count() == 1


def test_back_to_back_placements_do_not_overlap():
    student = StudentFactory()
    PlacementFactory(student=student, start_date=FEB, end_date=JUL)
    services.placement_create(
        student=student, assignment=AssignmentFactory(), start_date=date(2026, 8, 1), end_date=date(2027, 1, 31)
    )
    assert student.placements.count() == 2


def test_full_assignment_is_refused_until_a_placement_is_cancelled():
    assignment = AssignmentFactory(capacity=1)
    first = services.placement_create(student=StudentFactory(), assignment=assignment, start_date=FEB, end_date=JUL)
    late = StudentFactory()
    with pytest.raises(ValidationError) as exc:
        services.placement_create(student=late, assignment=assignment, start_date=FEB, end_date=JUL)
    assert exc.value.code == "capacity"
    services.placement_cancel(placement=first)
    assert services.placement_create(student=late, assignment=assignment, start_date=FEB, end_date=JUL).pk


def test_capacity_counts_only_the_overlapping_period():
    assignment = AssignmentFactory(capacity=1)
    services.placement_create(student=StudentFactory(), assignment=assignment, start_date=FEB, end_date=JUL)
    later = services.placement_create(
        student=StudentFactory(), assignment=assignment, start_date=date(2026, 8, 1), end_date=date(2027, 1, 31)
    )
    assert later.pk


def test_supervisor_maximum_is_respected():
    supervisor = SupervisorFactory(max_students=1)
    services.placement_create(
        student=StudentFactory(), assignment=AssignmentFactory(), supervisor=supervisor, start_date=FEB, end_date=JUL
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            student=StudentFactory(),
            assignment=AssignmentFactory(),
            supervisor=supervisor,
            start_date=FEB,
            end_date=JUL,
        )
    assert exc.value.code == "supervisor_load"


def test_end_before_start_is_refused_before_touching_the_database():
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            student=StudentFactory(), assignment=AssignmentFactory(), start_date=JUL, end_date=FEB
        )
    assert exc.value.code == "period"
    assert not Placement.objects.exists()


def test_update_checks_the_same_rules_but_not_against_itself():
    assignment = AssignmentFactory(capacity=1)
    placement = services.placement_create(student=StudentFactory(), assignment=assignment, start_date=FEB, end_date=JUL)
    services.placement_update(
        placement=placement, assignment=assignment, start_date=FEB, end_date=date(2026, 8, 31), supervisor=None
    )
    placement.refresh_from_db()
    assert placement.end_date == date(2026, 8, 31)


def test_completed_placement_cannot_be_cancelled():
    placement = PlacementFactory(status=Placement.Status.COMPLETED)
    with pytest.raises(ValidationError):
        services.placement_cancel(placement=placement)
