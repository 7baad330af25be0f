"""Shared personas: a leader, a supervisor, a student, the student's school supervisor and the programme's
SBB adviser in one programme, and a stranger of each.

TEST_CLOCK_SHIFT_DAYS=N runs the whole session with the clock N days ahead (CI's SQLite run uses 365), so a
test that reads "today" without freezing it, or fixed dates that only hold for a while, fails now rather
than on the day the calendar passes them. Tests that freeze the clock (the `today` fixture, time_machine)
move it explicitly and see the day they ask for.
"""

import os
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine

from placements.models import Placement
from programmes.models import ExchangeCoordinator

from .factories import (
    AssignmentFactory,
    CohortFactory,
    OrganisationFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeLeaderFactory,
    ProgrammeSchoolFactory,
    SbbAdviserFactory,
    SchoolSupervisorFactory,
    StudentFactory,
    SupervisorFactory,
    UserFactory,
)

TODAY = date(2026, 11, 23)

CLOCK_SHIFT_DAYS = int(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0)
_shifted_clock = None


def pytest_configure(config):
    # Started here, not in a fixture, so it holds from before the test databases are made to the last
    # teardown, in the controller and in every xdist worker (each runs pytest_configure), live_server's
    # thread included. It ticks: time passes as usual. Subprocesses (the Celery worker of
    # tests/notifications/test_worker.py) keep the real clock; those tests hand the worker its day.
    global _shifted_clock
    if CLOCK_SHIFT_DAYS and _shifted_clock is None:
        _shifted_clock = time_machine.travel(timedelta(days=CLOCK_SHIFT_DAYS), tick=True)
        _shifted_clock.start()


def pytest_unconfigure(config):
    global _shifted_clock
    if _shifted_clock is not None:
        _shifted_clock.stop()
        _shifted_clock = None


def pytest_report_header(config):
    if CLOCK_SHIFT_DAYS:
        return f"clock shifted {CLOCK_SHIFT_DAYS} days ahead (TEST_CLOCK_SHIFT_DAYS): today is {date.today()}"
    return None


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
    school_supervisor: object = None  # of the student's school, which takes part in the programme
    sbb_adviser: object = None  # advises the programme
    other_school_supervisor: object = None  # of the other student's school, in the other programme
    # Exchange coordinators in the other programme: of the other placement's organisation (the host of the
    # matrix's exchange day), and of another organisation (a stranger there).
    other_coordinator: object = None
    coordinator: object = None


def _programme_with_people(name: str):
    programme = ProgrammeFactory(name=name)
    leader = ProgrammeLeaderFactory(programme=programme).user
    supervisor = SupervisorFactory()
    school = ProgrammeSchoolFactory(programme=programme).school
    school_supervisor = SchoolSupervisorFactory(school=school)
    student = StudentFactory(school=school, school_supervisor=school_supervisor)
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
    return programme, leader, supervisor, student, placement, school_supervisor.user


@pytest.fixture
def world(db, today) -> World:
    """Built on the frozen TODAY (see `today`): the placements of 2026-08-01 to 2027-01-31 are current."""
    programme, leader, supervisor, student, placement, school_supervisor = _programme_with_people("Pilot Werkstudenten")
    o_programme, o_leader, o_supervisor, o_student, o_placement, o_school_supervisor = _programme_with_people(
        "Wisselstage"
    )
    admin = UserFactory(is_staff=True, is_superuser=True)
    sbb_adviser = SbbAdviserFactory(programmes=[programme]).user
    coordinators = [
        ExchangeCoordinator.objects.create(programme=o_programme, organisation=organisation, user=UserFactory()).user
        for organisation in (o_placement.assignment.unit.organisation, OrganisationFactory())
    ]
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
        school_supervisor,
        sbb_adviser,
        o_school_supervisor,
        *coordinators,
    )


@pytest.fixture
def today(time_machine):
    """The clock stands still on TODAY (00:00 UTC, 01:00 in Amsterdam); move on with time_machine.move_to."""
    time_machine.move_to(TODAY, tick=False)
    return TODAY


@pytest.fixture
def broker_down():
    """The broker cannot be reached: every hand-over to Celery fails as it does then, with kombu's
    OperationalError (what Celery raises for a Redis that refuses the connection). Yields the list of the
    tasks' names that were tried."""
    from unittest import mock

    from celery.app.task import Task
    from kombu.exceptions import OperationalError

    tried = []

    def refuse(task, args=None, kwargs=None, **options):
        tried.append(task.name)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with mock.patch.object(Task, "apply_async", autospec=True, side_effect=refuse):
        yield tried


@pytest.fixture(autouse=True)
def _settings_language():
    """Every test starts in the settings' language: a request leaves its language active in the thread (the
    locale middleware activates it), and a later test on the same xdist worker must not read Dutch for it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
