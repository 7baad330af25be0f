"""Capacity holds when many leaders place students on the last seat at the same moment (real Postgres)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

from placements import services
from placements.models import Placement

from ..factories import AssignmentFactory, CohortFactory, ProgrammeLeaderFactory, StudentFactory

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


@pytest.mark.parametrize("attempt", range(3))
def test_a_group_placement_racing_single_placements_of_its_students_never_deadlocks(attempt):
    """The group holds the assignment while it places its students one by one; a single placement holds
    its student first. Without the group locking all its students up front the two wait for each other."""
    assignment = AssignmentFactory(capacity=10)
    students = [StudentFactory() for _ in range(4)]
    barrier = threading.Barrier(1 + len(students))
    outcomes, errors = [], []
    period = {"start_date": date(2026, 2, 1), "end_date": date(2026, 7, 31)}

    def run(place):
        try:
            barrier.wait()
            place()
            outcomes.append("placed")
        except ValidationError as exc:
            outcomes.append(exc.code or "refused")
        except Exception as exc:  # a deadlock or any database error is the failure this test is about
            errors.append(exc)
        finally:
            connection.close()

    group = threading.Thread(
        target=run,
        args=(lambda: services.placement_group_create(students=students, assignment=assignment, **period),),
    )
    singles = [
        threading.Thread(
            target=run,
            args=(lambda s=s: services.placement_create(student=s, assignment=assignment, **period),),
        )
        for s in reversed(students)
    ]
    for thread in [group, *singles]:
        thread.start()
    for thread in [group, *singles]:
        thread.join()

    assert errors == []
    assert len(outcomes) == 5
    # Each student is placed exactly once: by the group (all four) or by their own single placement.
    assert Placement.objects.filter(assignment=assignment).count() == len(students)


def _race(jobs):
    """Run the jobs at the same moment, each in its own thread with its own database connection; their
    results (or the exception raised) in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # what went wrong is the test's outcome
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_fifty_leaders_placing_on_the_last_place_at_once_place_one_and_tell_the_others():
    """50 simultaneous submissions of the placement form for one capacity-1 assignment: one student is
    placed, the 49 others get the form back with the clear message, none a server error."""
    leader = ProgrammeLeaderFactory()
    students = StudentFactory.create_batch(50)
    CohortFactory(programme=leader.programme, students=students)
    assignment = AssignmentFactory(programme=leader.programme, capacity=1)
    clients = []
    for _student in students:
        client = Client()
        client.force_login(leader.user)
        clients.append(client)
    url = reverse("placements:placement_create")

    def submit(client, student):
        data = {
            "student": student.pk,
            "assignment": assignment.pk,
            "start_date": "2026-02-01",
            "end_date": "2026-07-31",
        }
        return client.post(url, data)

    responses = _race([lambda c=c, s=s: submit(c, s) for c, s in zip(clients, students, strict=True)])

    assert [r for r in responses if isinstance(r, Exception)] == []
    assert sorted(r.status_code for r in responses) == [200] * 49 + [302]
    refused = [r for r in responses if r.status_code == 200]
    assert all("is full" in r.content.decode() for r in refused)
    assert Placement.objects.filter(assignment=assignment).count() == 1


def test_fifty_plain_inserts_on_the_last_place_at_once_leave_one_the_database_refuses_the_rest():
    """No service, no lock taken by Python: the database alone keeps a capacity-1 assignment to one."""
    assignment = AssignmentFactory(capacity=1)
    students = StudentFactory.create_batch(50)

    def insert(student):
        return Placement.objects.create(
            student=student, assignment=assignment, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31)
        )

    results = _race([lambda s=s: insert(s) for s in students])

    assert sum(isinstance(r, Placement) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 49
    assert Placement.objects.filter(assignment=assignment).count() == 1
