"""The admin places students through the same service: the same rules, messages and audit trail."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from placements.models import Placement

from ..factories import AssignmentFactory, PlacementFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form(student, assignment, start, end, status="planned"):
    return {
        "student": student.pk,
        "assignment": assignment.pk,
        "start_date": start,
        "end_date": end,
        "status": status,
        "notes": "",
        "learning_goals-TOTAL_FORMS": "0",
        "learning_goals-INITIAL_FORMS": "0",
    }


def test_admin_refuses_an_overlapping_placement_with_a_message(admin_client):
    student = StudentFactory()
    PlacementFactory(student=student, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    response = admin_client.post(
        reverse("admin:placements_placement_add"), _form(student, AssignmentFactory(), "2026-03-01", "2026-09-30")
    )
    assert response.status_code == 200
    assert "01-02-2026" in response.content.decode()
    assert student.placements.count() == 1


def test_admin_creates_and_changes_through_the_service_with_audit(admin_client):
    student, assignment = StudentFactory(), AssignmentFactory()
    response = admin_client.post(
        reverse("admin:placements_placement_add"), _form(student, assignment, "2026-02-01", "2026-07-31")
    )
    assert response.status_code == 302
    placement = Placement.objects.get(student=student)
    response = admin_client.post(
        reverse("admin:placements_placement_change", args=[placement.pk]),
        _form(student, assignment, "2026-02-01", "2026-06-30", status="active"),
    )
    assert response.status_code == 302
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["placement.created", "placement.updated", "placement.active"]
    change = AuditEntry.objects.get(action="placement.updated").changes
    assert change == {"end_date": ["2026-07-31", "2026-06-30"]}
