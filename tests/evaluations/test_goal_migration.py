"""The data migration to goal levels: an earlier yes becomes "achieved", a no "not achieved", both on the
yes/no scale that the programmes from before keep."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PLACEMENTS = ("placements", "0006_placement_scope_and_period_indexes")
BEFORE = [("evaluations", "0003_programme_models_moved"), ("programmes", "0001_initial"), PLACEMENTS]
AFTER = [
    ("evaluations", "0004_goal_levels_on_a_scale"),
    ("programmes", "0002_goal_scale_and_standard_goals"),
    PLACEMENTS,
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_yes_and_no_become_the_levels_of_the_yes_no_scale():
    apps = _migrate(BEFORE)
    try:
        response, goals = _old_assessments(apps)
        for goal, achieved in zip(goals, (True, False), strict=True):
            apps.get_model("evaluations", "GoalAssessment").objects.create(
                response=response, learning_goal=goal, achieved=achieved
            )
        apps = _migrate(AFTER)
        rows = apps.get_model("evaluations", "GoalAssessment").objects.order_by("learning_goal_id")
        assert [(row.scale, row.level) for row in rows] == [("achieved", 2), ("achieved", 1)]
        assert apps.get_model("programmes", "Programme").objects.get().goal_scale == "achieved"
    finally:
        _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_assessments(apps):
    """A response with two learning goals of its placement, in the schema from before the scales."""
    get = apps.get_model
    user = get("accounts", "User").objects.create(email="oud@example.nl", name="Oud")
    organisation = get("organisations", "Organisation").objects.create(name="Eenheid", kind="police_unit")
    unit = get("organisations", "Unit").objects.create(organisation=organisation, name="Team")
    programme = get("programmes", "Programme").objects.create(
        name="Oud",
        kind="block_internship",
        organisation=organisation,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    student = get("programmes", "Student").objects.create(user=user)
    assignment = get("placements", "Assignment").objects.create(programme=programme, unit=unit, title="Stage")
    placement = get("placements", "Placement").objects.create(
        student=student, assignment=assignment, start_date=date(2025, 2, 1), end_date=date(2025, 6, 30)
    )
    questionnaire = get("evaluations", "Questionnaire").objects.create(
        name="Evaluatie", audience="supervisor", programme_kind="block_internship"
    )
    version = get("evaluations", "QuestionnaireVersion").objects.create(questionnaire=questionnaire, number=1)
    request = get("evaluations", "EvaluationRequest").objects.create(
        placement=placement,
        audience="supervisor",
        version=version,
        sent_on=date(2025, 6, 30),
        due_date=date(2025, 7, 21),
    )
    response = get("evaluations", "Response").objects.create(request=request, is_final=True)
    goals = [get("placements", "LearningGoal").objects.create(placement=placement, description=d) for d in "AB"]
    return response, goals
