"""Leaders record documents, students hand them in; files reach only the student and their leaders."""

from datetime import date

import pytest
from django.urls import reverse

from documents.models import StudentDocument
from documents.services import student_document_record
from placements.models import Assignment

from ..factories import CohortFactory, PlacementFactory, StudentFactory, SupervisorFactory
from .conftest import PDF, approve, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(world, rules):
    vog, _ = rules
    return student_document_record(
        student=world.placement.student, requirement=vog, status="received", upload=pdf_upload()
    )


def test_the_student_uploads_a_document_and_it_becomes_received(client, world, rules):
    vog, _ = rules
    client.force_login(world.student)
    response = client.post(reverse("documents:my_documents"), {"requirement": vog.pk, "file": pdf_upload()})
    assert response.status_code == 302
    document = StudentDocument.objects.get(student__user=world.student, requirement=vog)
    assert document.status == StudentDocument.Status.RECEIVED
    page = client.get(reverse("documents:my_documents")).content.decode()
    assert "Received, to check" in page and "Missing" in page  # the agreement is still missing


def test_the_student_gets_a_message_for_a_wrong_file_and_nothing_is_stored(client, world, rules):
    vog, _ = rules
    client.force_login(world.student)
    response = client.post(
        reverse("documents:my_documents"), {"requirement": vog.pk, "file": pdf_upload("x.pdf", b"GIF89a...")}
    )
    assert response.status_code == 200
    assert "Only PDF, JPG and PNG files are accepted." in response.content.decode()
    assert not StudentDocument.objects.exists()


def test_the_leader_records_an_approved_document_with_expiry(client, world, rules):
    vog, _ = rules
    client.force_login(world.leader)
    url = reverse("documents:student_document_record", args=[world.programme.pk, world.placement.student.pk])
    response = client.post(
        url, {"requirement": vog.pk, "status": "approved", "expires_on": "2027-10-01", "file": pdf_upload()}
    )
    assert response.status_code == 302
    document = StudentDocument.objects.get()
    assert (document.status, document.expires_on) == ("approved", date(2027, 10, 1))
    missing_date = client.post(url, {"requirement": vog.pk, "status": "approved", "expires_on": ""})
    assert "Enter the expiry date" in missing_date.content.decode()


def test_the_download_is_an_attachment_that_browsers_do_not_sniff(client, world, document):
    for user in (world.student, world.leader, world.admin):
        client.force_login(user)
        response = client.get(reverse("documents:document_download", args=[document.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("persona", ["other_student", "other_leader", "supervisor", "other_supervisor"])
def test_others_cannot_download_a_document(client, world, document, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("documents:document_download", args=[document.pk])).status_code == 404


def test_files_are_not_served_from_a_media_url(client, world, document):
    client.force_login(world.admin)
    assert client.get("/media/" + document.file.name).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"), [("other_leader", 404), ("supervisor", 403), ("student", 403), ("leader", 200)]
)
def test_the_documents_overview_is_for_the_programmes_leaders(client, world, rules, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("documents:programme_documents", args=[world.programme.pk])).status_code == status
    record = reverse("documents:student_document_record", args=[world.programme.pk, world.placement.student.pk])
    assert client.get(record).status_code == status


def test_the_leader_cannot_record_for_a_student_outside_the_programme(client, world, rules):
    client.force_login(world.leader)
    url = reverse("documents:student_document_record", args=[world.programme.pk, world.other_placement.student.pk])
    assert client.get(url).status_code == 404


def _students(world, rules, count):
    students = StudentFactory.create_batch(count)
    CohortFactory(programme=world.programme, students=students)
    for student in students:
        approve(student, rules[0])


@pytest.mark.parametrize("count", [2, 12])
def test_the_overview_takes_a_constant_number_of_queries(client, world, rules, count, django_assert_max_num_queries):
    _students(world, rules, count)
    client.force_login(world.leader)
    # session, user, leader role, programme, requirements, students, documents, + base template/messages
    with django_assert_max_num_queries(10):
        response = client.get(reverse("documents:programme_documents", args=[world.programme.pk]))
    assert response.content.decode().count("Record</a>") == count + 1


def test_the_overview_shows_expiring_and_missing(client, world, rules, today):
    vog, _agreement = rules
    approve(world.placement.student, vog, expires_on=date(2026, 12, 1))
    client.force_login(world.leader)
    page = client.get(reverse("documents:programme_documents", args=[world.programme.pk])).content.decode()
    assert "Expires 01-12-2026" in page and "Missing" in page


@pytest.mark.parametrize("count", [1, 8])
def test_the_supervisor_load_page(client, world, today, count, django_assert_max_num_queries):
    busy = SupervisorFactory(max_students=2)
    Assignment.objects.filter(pk=world.placement.assignment_id).update(capacity=1 + count)
    for _ in range(count):
        PlacementFactory(assignment=world.placement.assignment, supervisor=busy)
    client.force_login(world.leader)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("placements:supervisor_load"))
    page = response.content.decode()
    assert str(busy.user.name) in page and world.other_supervisor.name not in page
    assert response.context["supervisors"][0].load == count


@pytest.mark.parametrize(("persona", "status"), [("supervisor", 403), ("student", 403)])
def test_the_supervisor_load_page_is_for_leaders(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("placements:supervisor_load")).status_code == status
