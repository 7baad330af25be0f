"""The data migration turns the old behaviour (one request per placement and role, questionnaires shared
per programme kind) into a final moment per programme and questionnaires owned by organisations."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evaluations", "0003_programme_models_moved")]
AFTER = [("evaluations", "0006_moment_required_owner_checked")]


def _migrate(targets):
    """Migrate evaluations to `targets`, every other app staying at its newest migration; their models."""
    executor = MigrationExecutor(connection)
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "evaluations"]
    executor.migrate(leaves + targets)
    executor.loader.build_graph()
    return executor.loader.project_state(leaves + targets).apps


def _old_world(apps):
    Organisation = apps.get_model("organisations", "Organisation")
    Programme = apps.get_model("programmes", "Programme")
    Unit = apps.get_model("organisations", "Unit")
    Assignment = apps.get_model("placements", "Assignment")
    Placement = apps.get_model("placements", "Placement")
    Student = apps.get_model("programmes", "Student")
    User = apps.get_model("accounts", "User")
    Questionnaire = apps.get_model("evaluations", "Questionnaire")
    Version = apps.get_model("evaluations", "QuestionnaireVersion")
    Question = apps.get_model("evaluations", "Question")
    Request = apps.get_model("evaluations", "EvaluationRequest")
    period = {"start_date": date(2026, 1, 1), "end_date": date(2026, 12, 31)}
    programmes = []
    for name, days_before in (("Den Haag", 14), ("Nijmegen", 0)):
        organisation = Organisation.objects.create(name=f"Eenheid {name}", kind="police_unit")
        programmes.append(
            Programme.objects.create(
                name=f"Pilot {name}",
                kind="work_student",
                organisation=organisation,
                evaluation_days_before_end=days_before,
                evaluation_due_days=10,
                **period,
            )
        )
    shared = Questionnaire.objects.create(name="Evaluatie student", audience="student", programme_kind="work_student")
    version = Version.objects.create(questionnaire=shared, number=1)
    Question.objects.create(version=version, position=0, text="Hoe was het?", kind="likert")
    Questionnaire.objects.create(name="Niemand", audience="student", programme_kind="exchange")
    user = User.objects.create(email="student@example.org")
    unit = Unit.objects.create(organisation=programmes[0].organisation, name="Team")
    assignment = Assignment.objects.create(programme=programmes[0], unit=unit, title="Opdracht")
    placement = Placement.objects.create(
        student=Student.objects.create(user=user), assignment=assignment, status="active", **period
    )
    Request.objects.create(
        placement=placement,
        audience="student",
        respondent=user,
        version=version,
        sent_on=date(2026, 12, 31),
        due_date=date(2027, 1, 10),
        token="t",
    )
    return [p.pk for p in programmes], shared.pk


@pytest.mark.django_db(transaction=True)
def test_each_programme_gets_a_final_moment_and_its_own_questionnaire():
    try:
        old = _migrate(BEFORE)
        (den_haag, nijmegen), shared_pk = _old_world(old)
        new = _migrate(AFTER)
        Moment = new.get_model("evaluations", "EvaluationMoment")
        Questionnaire = new.get_model("evaluations", "Questionnaire")
        Request = new.get_model("evaluations", "EvaluationRequest")
        moments = {m.programme_id: m for m in Moment.objects.all()}
        assert (moments[den_haag].placement_share, moments[den_haag].offset_days) == (100, -14)
        assert (moments[nijmegen].offset_days, moments[nijmegen].due_days) == (0, 10)
        assert Request.objects.get().moment_id == moments[den_haag].pk
        # The shared questionnaire stays with its history in the first organisation; the other gets a copy.
        original = Questionnaire.objects.get(pk=shared_pk)
        copy = Questionnaire.objects.exclude(pk=shared_pk).get()
        assert original.organisation_id != copy.organisation_id and copy.name == original.name
        assert [q.text for q in copy.versions.get().questions.all()] == ["Hoe was het?"]
        asked = {m.programme_id: m.questionnaire_links.get().questionnaire_id for m in moments.values()}
        assert asked == {den_haag: original.pk, nijmegen: copy.pk}
        assert not Questionnaire.objects.filter(name="Niemand").exists()  # no programme could use it
    finally:
        _migrate(AFTER)
