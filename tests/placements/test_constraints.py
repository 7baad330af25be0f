"""The database refuses what must never be true, whatever code writes it."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from placements.models import Assignment, Placement
from programmes.models import RotationRound

from ..factories import AssignmentFactory, PlacementFactory, ProgrammeFactory, RotationRoundFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_placement_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        PlacementFactory(start_date=date(2026, 3, 1), end_date=date(2026, 2, 1))


def test_one_day_placement_is_allowed():
    placement = PlacementFactory(start_date=date(2026, 3, 1), end_date=date(2026, 3, 1))
    assert placement.pk


def test_assignment_capacity_must_be_positive_and_cover_the_minimum():
    with transaction.atomic(), pytest.raises(IntegrityError):
        AssignmentFactory(capacity=0)
    with transaction.atomic(), pytest.raises(IntegrityError):
        AssignmentFactory(capacity=2, min_capacity=3)
    assert not Assignment.objects.exists()


def test_programme_and_round_periods_must_be_forward():
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProgrammeFactory(start_date=date(2026, 2, 1), end_date=date(2025, 2, 1))
    with transaction.atomic(), pytest.raises(IntegrityError):
        RotationRoundFactory(start_date=date(2026, 2, 1), end_date=date(2026, 2, 1))
    assert not RotationRound.objects.exists()


@pytest.mark.postgres_only
def test_postgres_refuses_overlapping_live_placements_of_one_student():
    student = StudentFactory()
    PlacementFactory(student=student, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Placement.objects.create(
            student=student, assignment=AssignmentFactory(), start_date=date(2026, 7, 31), end_date=date(2026, 12, 31)
        )
    # A cancelled placement holds no place, so it may overlap.
    Placement.objects.create(
        student=student,
        assignment=AssignmentFactory(),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 4, 1),
        status=Placement.Status.CANCELLED,
    )
    assert student.placements.count() == 2
