"""Leaders see a placement's audit trail; role grants made in the admin are recorded."""

from datetime import date

from django.urls import reverse

from audit.models import AuditEntry
from placements import services
from programmes.models import ProgrammeLeader
from tests.factories import UserFactory


def test_leader_sees_the_audit_trail_of_their_placement(client, world, today):
    services.placement_update(
        placement=world.placement,
        assignment=world.placement.assignment,
        start_date=world.placement.start_date,
        end_date=date(2027, 1, 15),
        supervisor=world.placement.supervisor,
        notes="",
        actor=world.leader,
    )
    client.force_login(world.leader)
    response = client.get(reverse("placements:placement_detail", args=[world.placement.public_id]))
    assert [item.entry.action for item in response.context["audit_trail"]] == ["placement.updated"]
    assert "15 January 2027" in response.content.decode()  # the leader reads English; in words: test_trail_in_words


def test_students_and_supervisors_do_not_see_the_audit_trail(client, world):
    for persona in (world.student, world.supervisor):
        client.force_login(persona)
        response = client.get(reverse("placements:placement_detail", args=[world.placement.public_id]))
        assert response.context["audit_trail"] is None


def test_audit_entries_cannot_be_changed_in_the_admin(client, world):
    entry = AuditEntry.objects.create(action="x.y", content_type_id=1, object_id="1", object_repr="x")
    client.force_login(world.admin)
    url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    client.post(url, {"action": "changed", "object_repr": "changed"})
    entry.refresh_from_db()
    assert entry.action == "x.y"
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403


def test_granting_and_revoking_a_leader_in_the_admin_is_audited(client, world):
    client.force_login(world.admin)
    newcomer = UserFactory()
    client.post(reverse("admin:programmes_programmeleader_add"), {"user": newcomer.pk, "programme": world.programme.pk})
    grant = ProgrammeLeader.objects.get(user=newcomer)
    client.post(reverse("admin:programmes_programmeleader_delete", args=[grant.pk]), {"post": "yes"})
    actions = list(AuditEntry.objects.filter(object_id=str(grant.pk)).values_list("action", "actor"))
    assert sorted(actions) == [("leader_grant.granted", world.admin.pk), ("leader_grant.revoked", world.admin.pk)]


def test_creating_a_student_profile_in_the_admin_is_audited(client, world):
    client.force_login(world.admin)
    person = UserFactory()
    client.post(reverse("admin:programmes_student_add"), {"user": person.pk, "backgrounds": "[]", "level": ""})
    assert AuditEntry.objects.filter(action="student_role.granted", actor=world.admin).count() == 1
