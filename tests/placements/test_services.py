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
    supervisor.units.add(assignment.unit)
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
    first, second = AssignmentFactory(), AssignmentFactory()
    supervisor.units.add(first.unit, second.unit)
    services.placement_create(
        student=StudentFactory(), assignment=first, supervisor=supervisor, start_date=FEB, end_date=JUL
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            student=StudentFactory(),
            assignment=second,
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


def test_many_students_are_created_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from allauth.account.models import EmailAddress

    from audit.models import AuditEntry
    from programmes.services import NewStudent, students_create

    cohort = world.student.student.cohorts.get()
    new = [NewStudent(name=f" Student {i} ", email=f"Student{i}@Example.NL", cohort=cohort) for i in range(30)]
    # two existence checks, then users, addresses, students, memberships, content type and audit: not per person
    with django_assert_max_num_queries(10):
        created = students_create(students=new, actor=world.leader)
    first = created[0]
    assert (first.user.email, first.user.name, first.user.has_usable_password()) == (
        "student0@example.nl",
        "Student 0",
        False,
    )
    assert EmailAddress.objects.get(user=first.user).verified
    assert cohort.students.filter(pk__in=[s.pk for s in created]).count() == 30
    assert AuditEntry.objects.filter(action="student.created").count() == 30


def test_a_taken_or_repeated_address_creates_nobody(world):
    from accounts.models import User
    from programmes.services import NewStudent, students_create

    before = User.objects.count()
    with pytest.raises(ValidationError, match="has an account already"):
        students_create(students=[NewStudent("A", "new@example.nl"), NewStudent("B", world.student.email.upper())])
    with pytest.raises(ValidationError, match=r"Given more than once: twice@example\.nl"):
        students_create(students=[NewStudent("A", "twice@example.nl"), NewStudent("B", "Twice@example.nl")])
    assert User.objects.count() == before
