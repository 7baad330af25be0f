"""Capacity holds when many leaders place students on the last seat at the same moment (real Postgres)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from placements import services
from placements.models import Placement

from ..factories import AssignmentFactory, StudentFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_requests_never_exceed_capacity():
    assignment = AssignmentFactory(capacity=2)
    students = [StudentFactory() for _ in range(8)]
    barrier = threading.Barrier(len(students))
    outcomes = []

    def place(student):
        try:
            barrier.wait()
            services.placement_create(
                student=student, assignment=assignment, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31)
            )
            outcomes.append("placed")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("placed") == 2
    assert outcomes.count("capacity") == 6
    assert Placement.objects.filter(assignment=assignment).count() == 2


def test_concurrent_double_booking_of_one_student_places_once():
    student = StudentFactory()
    assignments = [AssignmentFactory() for _ in range(4)]
    barrier = threading.Barrier(len(assignments))
    outcomes = []

    def place(assignment):
        try:
            barrier.wait()
            services.placement_create(
                student=student, assignment=assignment, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31)
            )
            outcomes.append("placed")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(a,)) for a in assignments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Every other request gets the clear message: none ends in a database error (a deadlock on the
    # exclusion constraint, before the student's row was locked).
    assert sorted(outcomes) == ["overlap", "overlap", "overlap", "placed"]
    assert Placement.objects.filter(student=student).count() == 1
