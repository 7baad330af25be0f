"""Erasing a person leaves nothing of them: a person with every kind of record is erased, then every text
column of every table, the media folder and the mail folder are searched for their name, e-mail and phone."""

from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Q
from django.urls import reverse

from privacy import services
from tests.factories import PASSWORD

NAME, EMAIL, PHONE = "Fenna Zwartveld", "fenna.zwartveld@example.nl", "06-98765432"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _everywhere(values: list[str]) -> list[str]:
    """Every (table, column) whose value contains one of `values`, in every model of every app."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for field in columns:
            lookup = f"{field.attname}__icontains"
            query = Q()
            for value in values:
                query |= Q(**{lookup: value})
            if model._default_manager.filter(query).exists():
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def _in_files(folder: Path, values: list[str]) -> list[str]:
    hits = []
    for path in folder.rglob("*") if folder.exists() else []:
        if path.is_file():
            content = path.read_bytes()
            hits += [f"{path}: {value}" for value in values if value.encode() in content]
    return hits


@pytest.fixture
def mailbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _every_kind_of_record(world, client):
    """The person invited as a student (mail in the file mailbox), placed with learning goals, evaluated,
    with hours, a logbook entry with a photo, a document, an import preview naming them and a session."""
    from documents.models import DocumentRequirement
    from documents.services import student_document_upload
    from evaluations import services as evaluation_services
    from evaluations.models import Audience, EvaluationRequest
    from hours.services import hours_week_save
    from imports.services import import_job_create
    from logbook.services import logbook_entry_create
    from placements.services import learning_goal_create, placement_create
    from programmes.services import invitation_create
    from tests.evaluations.conftest import final_moment, make_questionnaire
    from tests.logbook.test_logbook import photo_with_gps

    cohort = world.student.student.cohorts.get()
    # The leader first tried an import naming them (its preview is kept), then invited them by hand.
    import_job_create(
        actor=world.leader,
        programme=world.programme,
        kind="students",
        upload=SimpleUploadedFile("studenten.csv", f"name,email,cohort\n{NAME},{EMAIL},{cohort.name}\n".encode()),
    )
    user = invitation_create(
        actor=world.leader, name=NAME, email=EMAIL, role="student", cohort=cohort, school=world.student.student.school
    )
    user.phone = PHONE
    user.set_password(PASSWORD)
    user.save()
    user.emailaddress_set.update(verified=True)
    student = user.student
    placement = placement_create(
        student=student,
        assignment=world.placement.assignment,
        supervisor=None,
        start_date=date(2026, 8, 1),
        end_date=date(2027, 1, 31),
        learning_goals=[f"{NAME} leert verhoren ({PHONE})"],
        actor=world.leader,
    )
    learning_goal_create(placement=placement, description=f"Bereikbaar op {EMAIL}", actor=world.leader)
    questionnaire = make_questionnaire(Audience.STUDENT, programme=world.programme)
    request = EvaluationRequest.objects.create(
        placement=placement,
        moment=final_moment(world.programme),
        audience=Audience.STUDENT,
        respondent=user,
        version=questionnaire.versions.get(),
        sent_on=date(2026, 11, 1),
        due_date=date(2099, 1, 1),
    )
    text = next(q for q in request.version.questions.all() if q.kind == "text")
    evaluation_services.evaluation_response_save(
        request=request, user=user, answers={text.pk: f"Ik ben {NAME}, bel {PHONE}"}, submit=False
    )
    hours_week_save(
        placement=placement,
        week_start=date(2026, 11, 16),
        hours_worked=32,
        note=f"{NAME} was ziek",
        submit=True,
        today=date(2026, 11, 23),
    )
    logbook_entry_create(
        placement=placement,
        day=date(2026, 11, 20),
        place="Waalkade",
        text=f"{NAME} liep mee",
        photo=photo_with_gps(),
        today=date(2026, 11, 23),
    )
    requirement = DocumentRequirement.objects.create(programme=world.programme, kind="vog", name="VOG")
    student_document_upload(
        student=student,
        requirement=requirement,
        upload=SimpleUploadedFile("vog.pdf", f"%PDF-1.4 {NAME} {EMAIL}".encode()),
        actor=user,
    )
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)
    return user


def test_erasure_leaves_no_copy_of_the_person(world, client, mailbox, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = _every_kind_of_record(world, client)
    values = [NAME, EMAIL, PHONE]
    before = _everywhere(values) + _in_files(mailbox, values)
    assert {"accounts_user.name", "placements_learninggoal.description", "imports_importjob.preview"} <= set(before)
    assert any("mail" in hit for hit in before), before  # the invitation in the file mailbox

    with django_capture_on_commit_callbacks(execute=True):
        services.person_erase(user=user, actor=world.admin)

    assert _everywhere(values) == []
    assert _in_files(mailbox, values) == []
    from django.contrib.sessions.models import Session

    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert client.get(reverse("home")).status_code == 302  # signed out: the session is gone
