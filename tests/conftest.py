"""Shared personas: a leader, a supervisor and a student in one programme, and a stranger of each."""

from dataclasses import dataclass
from datetime import date

import pytest

from placements.models import Placement

from .factories import (
    AssignmentFactory,
    CohortFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeLeaderFactory,
    StudentFactory,
    SupervisorFactory,
    UserFactory,
)

TODAY = date(2026, 11, 23)


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@dataclass
class World:
    """One programme with its people, and a second programme with strangers of every role."""

    programme: object
    leader: object
    supervisor: object
    student: object
    placement: Placement
    other_programme: object
    other_leader: object
    other_supervisor: object
    other_student: object
    other_placement: Placement
    admin: object


def _programme_with_people(name: str):
    programme = ProgrammeFactory(name=name)
    leader = ProgrammeLeaderFactory(programme=programme).user
    supervisor = SupervisorFactory()
    student = StudentFactory()
    CohortFactory(programme=programme, students=[student])
    assignment = AssignmentFactory(programme=programme, default_supervisor=supervisor)
    supervisor.units.add(assignment.unit)
    placement = PlacementFactory(
        student=student,
        assignment=assignment,
        supervisor=supervisor,
        start_date=date(2026, 8, 1),
        end_date=date(2027, 1, 31),
    )
    return programme, leader, supervisor, student, placement


@pytest.fixture
def world(db) -> World:
    programme, leader, supervisor, student, placement = _programme_with_people("Pilot Werkstudenten")
    o_programme, o_leader, o_supervisor, o_student, o_placement = _programme_with_people("Wisselstage")
    admin = UserFactory(is_staff=True, is_superuser=True)
    return World(
        programme,
        leader,
        supervisor.user,
        student.user,
        placement,
        o_programme,
        o_leader,
        o_supervisor.user,
        o_student.user,
        o_placement,
        admin,
    )


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY
