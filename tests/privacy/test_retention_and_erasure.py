"""Retention anonymises a finished programme's people and keeps its evaluation results; erasure removes the
person's data everywhere and records only that it happened."""

import json
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AuditEntry
from documents.models import DocumentRequirement, StudentDocument
from evaluations import selectors as evaluation_selectors
from evaluations import services as evaluation_services
from evaluations.models import Answer, Audience, EvaluationRequest
from privacy import services
from tests.evaluations.conftest import final_moment, make_questionnaire


def _finish_long_ago(programme, *, retention_months=12):
    programme.start_date, programme.end_date = date(2023, 2, 1), date(2024, 1, 31)
    programme.retention_months = retention_months
    programme.save()


@pytest.fixture
def evaluated(world):
    """The stranger student of programme B evaluated their placement: a scale value, a choice and a comment."""
    questionnaire = make_questionnaire(Audience.STUDENT, programme=world.other_programme)
    request = EvaluationRequest.objects.create(
        placement=world.other_placement,
        moment=final_moment(world.other_programme),
        audience=Audience.STUDENT,
        respondent=world.other_student,
        version=questionnaire.versions.get(),
        sent_on=date(2026, 1, 10),
        due_date=date(2099, 1, 1),
    )
    questions = {q.kind: q for q in request.version.questions.all()}
    answers = {
        questions["likert"].pk: "4",
        questions["single"].pk: "Ja",
        questions["text"].pk: f"Mijn begeleider kende mij als {world.other_student.name}",
    }
    evaluation_services.evaluation_response_save(
        request=request, user=world.other_student, answers=answers, submit=True
    )
    return request, questions


def _results(programme):
    results = evaluation_selectors.programme_results(programme=programme, include_texts=True)
    return {r.question.kind: r for r in results.questions}, results.rates


def test_retention_anonymises_after_the_configured_time_and_keeps_aggregate_results(world, evaluated):
    name = world.other_student.name
    before, rates_before = _results(world.other_programme)
    _finish_long_ago(world.other_programme, retention_months=36)

    assert services.retention_anonymise(today=date(2026, 11, 23)) == 0  # 2024-01-31 + 36 months is not yet past
    assert services.retention_anonymise(today=date(2027, 2, 1)) == 3

    world.other_student.refresh_from_db()
    assert not world.other_student.is_active and world.other_student.name == "Erased person"
    after, rates_after = _results(world.other_programme)
    assert after["likert"].average == before["likert"].average == 4
    assert after["single"].counts == before["single"].counts
    assert rates_after == rates_before
    assert not Answer.objects.filter(text__contains=name).exists()
    anonymised = AuditEntry.objects.get(action="person.anonymised", object_id=str(world.other_student.pk))
    assert anonymised.actor is None and anonymised.changes == {}
    assert name not in anonymised.object_repr
    world.student.refresh_from_db()
    assert world.student.is_active  # programme A is still running


def test_the_daily_job_runs_the_retention(world, time_machine):
    from privacy.tasks import retention_anonymise_daily

    _finish_long_ago(world.other_programme)
    time_machine.move_to(date(2026, 11, 23))
    assert retention_anonymise_daily.delay().get() == 3
    assert retention_anonymise_daily.delay().get() == 0


def test_erasure_removes_documents_comments_and_names_and_records_only_the_fact(
    client, world, evaluated, django_capture_on_commit_callbacks
):
    student = world.other_student
    name, email = student.name, student.email
    requirement = DocumentRequirement.objects.create(programme=world.other_programme, kind="vog", name="VOG")
    document = StudentDocument(student=student.student, requirement=requirement, content_type="application/pdf")
    document.file.save("vog.pdf", ContentFile(b"%PDF-1.4 " + name.encode()), save=True)
    storage, file_name = document.file.storage, document.file.name

    client.force_login(world.admin)
    url = reverse("admin:accounts_user_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "erase_people", "_selected_action": [student.pk], "confirm": "yes"})

    student.refresh_from_db()
    assert not student.is_active and name not in student.name and email != student.email
    assert not StudentDocument.objects.filter(pk=document.pk).exists() and not storage.exists(file_name)
    assert not Answer.objects.filter(text__contains=name).exists()
    # the scale value stays for the aggregates; the request no longer points at the person
    assert Answer.objects.filter(response__request=evaluated[0], value=4).exists()
    assert not EvaluationRequest.objects.filter(respondent=student).exists()
    erased = AuditEntry.objects.get(action="person.erased")
    assert erased.actor == world.admin and erased.changes == {} and erased.object_id == str(student.pk)
    trail = json.dumps([[e.object_repr, e.changes] for e in AuditEntry.objects.all()])
    assert name not in trail and email not in trail


def test_the_export_includes_evaluations_and_documents(client, world, evaluated):
    client.force_login(world.other_student)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    (evaluation,) = data["evaluations"]
    assert evaluation["state"] == "submitted"
    assert 4 in [a["answer"] for a in evaluation["answers"]]
    assert data["documents"] == []


def test_setup_portal_schedules_the_retention_job_daily(db):
    import io

    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    call_command("setup_portal", stdout=io.StringIO())
    task = PeriodicTask.objects.select_related("crontab").get(task="privacy.tasks.retention_anonymise_daily")
    assert task.enabled and task.crontab.day_of_week == "*" and task.crontab.hour == "2"
