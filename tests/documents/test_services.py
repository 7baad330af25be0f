"""A student cannot start at a police unit without a valid screening and a signed agreement."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from documents.models import StudentDocument
from documents.services import (
    document_file_check,
    documents_warn_expiring,
    student_document_record,
)
from documents.tasks import warn_expiring_documents
from notifications.models import Notification
from organisations.models import Organisation
from placements.models import Placement
from placements.services import placement_documents_blockers, placement_set_status

from ..factories import (
    AssignmentFactory,
    CohortFactory,
    PlacementFactory,
    StudentFactory,
    UnitFactory,
    UserFactory,
    placement_admin_data,
)
from .conftest import PDF, PNG, approve, pdf_upload

pytestmark = pytest.mark.django_db


def _planned(world):
    placement = world.placement
    placement.status = Placement.Status.PLANNED
    placement.save(update_fields=["status"])
    return placement


def test_a_placement_without_a_screening_cannot_be_activated(world, rules):
    _vog, agreement = rules
    placement = _planned(world)
    approve(placement.student, agreement)
    with pytest.raises(ValidationError, match="VOG is missing"):
        placement_set_status(placement=placement, status=Placement.Status.ACTIVE, actor=world.leader)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNED
    assert not AuditEntry.objects.filter(action="placement.active").exists()


def test_a_screening_expired_on_the_start_date_blocks_activation(world, rules):
    vog, agreement = rules
    placement = _planned(world)
    approve(placement.student, agreement)
    approve(placement.student, vog, expires_on=date(2026, 7, 31))  # start is 2026-08-01
    with pytest.raises(ValidationError, match="expired on 31-07-2026"):
        placement_set_status(placement=placement, status=Placement.Status.ACTIVE)


def test_with_valid_documents_the_placement_becomes_active(world, rules):
    placement = _planned(world)
    for req in rules:
        approve(placement.student, req)
    placement_set_status(placement=placement, status=Placement.Status.ACTIVE, actor=world.leader)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE


def test_a_received_but_unchecked_document_is_not_enough(world, rules):
    vog, agreement = rules
    placement = _planned(world)
    approve(placement.student, agreement)
    StudentDocument.objects.create(student=placement.student, requirement=vog, status=StudentDocument.Status.RECEIVED)
    with pytest.raises(ValidationError, match="not been approved"):
        placement_set_status(placement=placement, status=Placement.Status.ACTIVE)


def test_requirements_for_police_units_do_not_apply_to_a_municipality(world, rules):
    assignment = AssignmentFactory(
        programme=world.programme, unit=UnitFactory(organisation__kind=Organisation.Kind.MUNICIPALITY)
    )
    student = StudentFactory()
    placement = PlacementFactory(student=student, assignment=assignment, status=Placement.Status.PLANNED)
    placement_set_status(placement=placement, status=Placement.Status.ACTIVE)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACTIVE


def test_the_admin_refuses_activation_without_documents_with_a_message(client, world, rules):
    placement = _planned(world)
    client.force_login(world.admin)
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    response = client.post(url, placement_admin_data(placement, status="active"))
    assert response.status_code == 200
    assert "VOG is missing" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PLANNED


def test_blockers_for_a_whole_round_take_a_constant_number_of_queries(world, rules, django_assert_num_queries):
    vog, agreement = rules
    ready, missing, expired = StudentFactory(), StudentFactory(), StudentFactory()
    CohortFactory(programme=world.programme, students=[ready, missing, expired])
    for req in rules:
        approve(ready, req)
    approve(missing, vog)
    approve(expired, agreement)
    approve(expired, vog, expires_on=date(2026, 12, 31))
    assignment = world.placement.assignment
    students = [ready, missing, expired]
    # assignments' facts, the programmes' requirements, the students' documents
    with django_assert_num_queries(3):
        blockers = placement_documents_blockers(
            assignments={s.pk: assignment.pk for s in students}, on_date=date(2027, 2, 1)
        )
    assert set(blockers) == {missing.pk, expired.pk}
    assert blockers[missing.pk] == ["Stageovereenkomst is missing."]
    # Today is 23-11-2026: the VOG is still valid, but not on the start date.
    assert blockers[expired.pk] == ["VOG expires on 31-12-2026, before the start on 01-02-2027."]


def test_an_expiry_date_already_past_reads_expired_on(world, rules):
    vog, agreement = rules
    student = StudentFactory()
    CohortFactory(programme=world.programme, students=[student])
    approve(student, agreement)
    approve(student, vog, expires_on=date(2026, 11, 1))  # before today, 23-11-2026
    blockers = placement_documents_blockers(
        assignments={student.pk: world.placement.assignment.pk}, on_date=date(2027, 2, 1)
    )
    assert blockers[student.pk] == ["VOG expired on 01-11-2026."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", "Only PDF, JPG and PNG"),
        ("page.html", b"<html><script>", "Only PDF, JPG and PNG"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "too large"),
    ],
)
def test_wrong_file_types_and_oversized_files_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        document_file_check(upload=pdf_upload(name, content))


def test_files_are_recognised_by_their_magic_bytes_not_their_name():
    assert document_file_check(upload=pdf_upload("scan.pdf", PNG)) == ("image/png", "png")
    assert document_file_check(upload=pdf_upload("x", b"\xff\xd8\xff\xe0rest")) == ("image/jpeg", "jpg")


def test_recording_stores_a_random_name_and_audits_the_status_change(world, rules, settings):
    vog, _ = rules
    student = world.placement.student
    document = student_document_record(
        student=student, requirement=vog, status="received", upload=pdf_upload("Jan Jansen VOG.pdf"), actor=world.leader
    )
    assert "Jansen" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    student_document_record(
        student=student, requirement=vog, status="approved", expires_on=date(2027, 9, 1), actor=world.leader
    )
    entries = list(AuditEntry.objects.filter(action__startswith="student_document.").order_by("id"))
    assert [e.action for e in entries] == ["student_document.created", "student_document.updated"]
    assert entries[1].changes == {"status": ["received", "approved"], "expires_on": [None, "2027-09-01"]}


def test_an_approved_vog_needs_an_expiry_date_and_nothing_is_written(world, rules):
    vog, _ = rules
    with pytest.raises(ValidationError, match="expiry date"):
        student_document_record(student=world.placement.student, requirement=vog, status="approved")
    assert not StudentDocument.objects.exists()


def test_a_document_of_another_programme_is_refused(world, rules):
    vog, _ = rules
    with pytest.raises(ValidationError, match="not in the programme"):
        student_document_record(student=world.other_placement.student, requirement=vog, status="received")


def test_the_expiry_warning_is_sent_once_when_the_job_runs_twice(
    world, rules, mailoutbox, today, django_capture_on_commit_callbacks
):
    vog, agreement = rules
    student = world.placement.student
    approve(student, vog, expires_on=date(2026, 12, 10))  # within 30 days
    approve(student, agreement, expires_on=date(2027, 6, 1))  # not yet
    second_leader = UserFactory()
    world.programme.leader_grants.create(user=second_leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_documents.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_warn_expiring(today=today) == 0
    assert Notification.objects.filter(kind="document.expiring").count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.leader.email, second_leader.email])
    assert "10 december 2026" in mailoutbox[0].body  # the leader's language, Dutch


def test_the_demo_has_an_expiring_and_a_missing_document(today):
    from django.core.management import call_command

    from documents.selectors import documents_overview
    from programmes.models import Programme

    call_command("load_demo")
    pilot = Programme.objects.get(name="Pilot Werkstudenten Den Haag")
    _, rows = documents_overview(programme=pilot, today=today)
    states = [cell.state for row in rows for cell in row.cells]
    assert states.count("expiring") == 1 and states.count("missing") == 1


def test_the_daily_expiry_job_is_scheduled_by_default():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="documents.tasks.warn_expiring_documents")
    assert task.enabled and task.crontab.hour == "7"
