"""A block or warning links to the page that puts it right: the documents page, the student's page, the
supervisor load page."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from documents.models import DocumentRequirement, StudentDocument
from rounds.models import MatchProposal
from tests.documents.conftest import approve, requirement
from tests.factories import AssignmentFactory, StudentFactory, SupervisorFactory
from tests.rounds.test_rounds_ui import _matched_round

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_round_blocked_by_documents_links_to_the_documents_and_the_students_pages(client, world, cohort, today):
    rotation_round = _matched_round(cohort)
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    for student in cohort.students.all():
        approve(student, vog, expires_on=date(2027, 3, 1))  # valid today, not on the round's start (1-2-2027)
    documents = reverse("documents:programme_documents", args=[world.programme.pk])
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert "VOG expires on 01-03-2027" not in page  # valid on the start date: nobody blocked
    StudentDocument.objects.filter(student=world.student.student).update(expires_on=date(2027, 1, 15))
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    assert "VOG expires on 15-01-2027, before the start on 01-02-2027." in page  # not "expired": still to come
    assert documents in page
    assert reverse("dashboards:student_detail", args=[world.student.student.pk]) in page
    preview = client.get(reverse("rounds:round_publish", args=[rotation_round.pk])).content.decode()
    assert documents in preview
    response = client.post(reverse("rounds:round_publish", args=[rotation_round.pk]))
    assert f'href="{documents}"' in _messages(response)


def test_a_move_refused_for_the_supervisors_maximum_links_to_the_supervisor_load(client, world, cohort, today):
    rotation_round = _matched_round(cohort)
    full = SupervisorFactory(max_students=0)
    full.units.add(world.placement.assignment.unit)
    assignment = AssignmentFactory(programme=world.programme, capacity=3, default_supervisor=full)
    rotation_round.refresh_from_db()
    proposal = MatchProposal.objects.filter(rotation_round=rotation_round).first()
    client.force_login(world.leader)
    response = client.post(
        reverse("rounds:round_move", args=[rotation_round.pk]), {"proposal": proposal.pk, "assignment": assignment.pk}
    )
    text = _messages(response)
    assert "was not moved" in text and "at their maximum" in text
    assert reverse("dashboards:student_detail", args=[proposal.student_id]) in text
    assert reverse("placements:supervisor_load") in text


def test_a_placement_refused_for_the_supervisors_maximum_links_to_the_supervisor_load(client, world, today):
    supervisor = world.supervisor.supervisor
    supervisor.max_students = 1
    supervisor.save()
    assignment = AssignmentFactory(programme=world.programme, capacity=3, unit=world.placement.assignment.unit)
    student = StudentFactory()
    world.student.student.cohorts.get().students.add(student)
    client.force_login(world.leader)
    data = {
        "student": student.pk,
        "assignment": assignment.pk,
        "supervisor": supervisor.pk,
        "start_date": "2026-12-01",
        "end_date": "2027-01-31",
    }
    page = client.post(reverse("placements:placement_create"), data).content.decode()
    assert "already supervises" in page
    assert reverse("placements:supervisor_load") in page


def test_the_leaders_navigation_reaches_the_documents_and_the_supervisor_load(client, world, today):
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert reverse("documents:documents_index") in page and reverse("placements:supervisor_load") in page
    response = client.get(reverse("documents:documents_index"))  # one programme: straight to its page
    assert response.url == reverse("documents:programme_documents", args=[world.programme.pk])
    client.force_login(world.admin)
    page = client.get(reverse("documents:documents_index")).content.decode()
    for programme in (world.programme, world.other_programme):
        assert reverse("documents:programme_documents", args=[programme.pk]) in page


def test_a_placement_refused_for_an_overlap_links_to_the_students_page(client, world, today):
    client.force_login(world.leader)
    data = {
        "student": world.student.student.pk,
        "assignment": AssignmentFactory(programme=world.programme).pk,
        "start_date": "2027-01-01",  # the student's current placement runs until 31-01-2027
        "end_date": "2027-06-30",
    }
    page = client.post(reverse("placements:placement_create"), data).content.decode()
    assert "already has a placement" in page
    assert reverse("dashboards:student_detail", args=[world.student.student.pk]) in page
    assert reverse("placements:supervisor_load") not in page.split("<main", 1)[1]  # not a supervisor's limit
