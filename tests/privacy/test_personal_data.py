"""A person downloads their own data; an admin erases a person; retention anonymises after the programme."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import audit_log
from notifications.models import Notification
from placements.models import Placement
from privacy import services
from programmes.models import Student


@pytest.fixture
def notified(world):
    return Notification.objects.create(
        kind="test",
        object_key=f"placement:{world.placement.pk}",
        recipient=world.student,
        window="w1",
        context={"name": world.student.name},
    )


def test_student_downloads_own_data_as_json(client, world, notified):
    client.force_login(world.student)
    response = client.get(reverse("privacy:export_json"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["user"]["email"] == world.student.email
    assert data["student"]["school"] == world.student.student.school.name
    assert data["student"]["school_supervisor"] == world.school_supervisor.name
    assert [p["assignment"] for p in data["placements"]] == [world.placement.assignment.title]
    assert data["notifications"][0]["kind"] == "test"
    assert world.other_student.email not in response.content.decode()


def test_export_as_csv_has_a_row_per_field(client, world):
    client.force_login(world.supervisor)
    response = client.get(reverse("privacy:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Section", "Item", "Field", "Value"]
    assert ["user", "1", "email", world.supervisor.email] in rows
    assert any(row[0] == "supervisor" for row in rows)


def test_erasure_anonymises_and_keeps_placements(world, notified):
    student_user = world.student
    name, email = student_user.name, student_user.email
    audit_log(actor=world.leader, action="placement.updated", instance=world.placement, changes={"x": [name, email]})
    services.person_erase(user=student_user, actor=world.admin)
    student_user.refresh_from_db()
    assert student_user.name == "Erased person" and email not in student_user.email
    assert not student_user.is_active and not student_user.has_usable_password()
    assert Student.objects.get(user=student_user).school is None
    assert Placement.objects.filter(student__user=student_user).count() == 1
    assert Notification.objects.get(pk=notified.pk).context == {}
    for entry in AuditEntry.objects.all():
        assert name not in entry.object_repr and name not in json.dumps(entry.changes)
        assert email not in json.dumps(entry.changes)
    erased = AuditEntry.objects.get(action="person.erased")
    assert erased.actor == world.admin and erased.changes == {}


def test_admin_erases_a_person_after_confirming(client, world):
    client.force_login(world.admin)
    url = reverse("admin:accounts_user_changelist")
    data = {"action": "erase_people", "_selected_action": [world.student.pk]}
    confirm = client.post(url, data)
    assert confirm.status_code == 200 and b"confirm" in confirm.content
    world.student.refresh_from_db()
    assert world.student.is_active
    client.post(url, {**data, "confirm": "yes"})
    world.student.refresh_from_db()
    assert not world.student.is_active
    assert AuditEntry.objects.filter(action="person.erased", object_id=str(world.student.pk)).exists()


def test_retention_anonymises_only_after_every_programme_is_past(world):
    world.other_programme.start_date = date(2023, 2, 1)
    world.other_programme.end_date = date(2024, 1, 31)
    world.other_programme.retention_months = 12
    world.other_programme.save()
    assert services.retention_anonymise(today=date(2026, 11, 23)) == 3  # leader, supervisor, student of B
    world.other_student.refresh_from_db()
    world.student.refresh_from_db()
    assert not world.other_student.is_active and world.student.is_active
    assert Placement.objects.filter(pk=world.other_placement.pk).exists()
    assert services.retention_anonymise(today=date(2026, 11, 23)) == 0  # idempotent


def test_the_csv_export_never_holds_a_formula(client, world):
    """The person's own data opened in a spreadsheet: a name typed as a formula is text (core.spreadsheets)."""
    world.student.name = '=HYPERLINK("https://example.invalid","klik")'
    world.student.save(update_fields=["name"])
    client.force_login(world.student)
    text = client.get(reverse("privacy:export_csv")).content.decode("utf-8-sig")  # the exports' convention
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    names = [row[3] for row in rows if row[2] == "name"]
    assert names == ["'" + world.student.name]
