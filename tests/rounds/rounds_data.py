"""A rotation round open for preferences: the starting point of the round tests."""

from programmes.models import RotationRound
from rounds.models import Preference
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    ProgrammeFactory,
    RotationRoundFactory,
    StudentFactory,
    SupervisorFactory,
)


def round_with_preferences(students: int):
    """`students` students of one cohort, three single-place assignments with one supervisor (room for
    five), and every student ranking them in the same order. Returns (round, students, assignments)."""
    programme = ProgrammeFactory()
    people = StudentFactory.create_batch(students)
    cohort = CohortFactory(programme=programme, students=people)
    sup = SupervisorFactory(max_students=5)
    assignments = [AssignmentFactory(programme=programme, capacity=1, default_supervisor=sup) for _ in range(3)]
    rnd = RotationRoundFactory(cohort=cohort, state=RotationRound.State.PREFERENCES_OPEN)
    for student in people:
        for rank, a in enumerate(assignments, start=1):
            Preference.objects.create(student=student, rotation_round=rnd, assignment=a, rank=rank)
    return rnd, people, assignments
