"""The rounds' shared fixture: the world's cohort grown to a round's size."""

import pytest

from tests.factories import AssignmentFactory, StudentFactory


@pytest.fixture
def cohort(world):
    """The world's cohort with three more students and three fresh assignments (capacity 1 each)."""
    cohort = world.student.student.cohorts.get()
    cohort.students.add(*StudentFactory.create_batch(3))
    supervisor = world.supervisor.supervisor
    supervisor.max_students = 10
    supervisor.save()
    for title in ("Analyse woninginbraken", "Wijkteam Centrum", "Cybercrime desk"):
        AssignmentFactory(programme=world.programme, title=title, capacity=1, default_supervisor=supervisor)
    return cohort
