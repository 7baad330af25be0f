"""The admin keeps the set-up rules too: its forms refuse a cycle, a parent of another organisation, a
supervisor of another organisation and an overlapping round, and its saves go through the audited services."""

from django.urls import reverse

from audit.models import AuditEntry
from organisations.models import Unit
from placements.models import Assignment
from programmes.models import RotationRound
from tests.factories import RotationRoundFactory, SupervisorFactory, UnitFactory


def _form_errors(response) -> str:
    assert response.status_code == 200, "the admin saved what it should refuse"
    return str(response.context["adminform"].form.errors)


def test_the_admin_refuses_a_cycle_and_saves_a_move_through_the_service(client, world):
    client.force_login(world.admin)
    top = UnitFactory(name="Eenheid")
    child = UnitFactory(organisation=top.organisation, name="District", parent=top)
    url = reverse("admin:organisations_unit_change", args=[top.pk])
    data = {"name": "Eenheid", "parent": child.pk, "address": "", "contact_email": "", "contact_phone": ""}
    assert "under one of its own sub-units" in _form_errors(client.post(url, data))
    sibling = UnitFactory(organisation=top.organisation, name="Staf")
    url = reverse("admin:organisations_unit_change", args=[child.pk])
    assert client.post(url, data | {"name": "District", "parent": sibling.pk}).status_code == 302
    assert Unit.objects.get(pk=child.pk).parent == sibling
    assert AuditEntry.objects.filter(action="unit.updated", actor=world.admin).exists()


def test_the_admin_refuses_a_parent_of_another_organisation(client, world):
    client.force_login(world.admin)
    foreign = UnitFactory()
    data = {"organisation": UnitFactory().organisation_id, "name": "Team", "parent": foreign.pk}
    response = client.post(reverse("admin:organisations_unit_add"), data)
    assert "another organisation" in _form_errors(response)
    assert not Unit.objects.filter(name="Team").exists()


def test_the_admin_refuses_a_supervisor_of_another_organisation(client, world):
    client.force_login(world.admin)
    stranger = SupervisorFactory()
    stranger.units.add(UnitFactory())
    data = {
        "programme": world.programme.pk,
        "unit": world.placement.assignment.unit.pk,
        "title": "Recherche",
        "capacity": "2",
        "min_capacity": "0",
        "wanted_backgrounds": "[]",
        "wanted_levels": "[]",
        "default_supervisor": stranger.pk,
        "is_active": "on",
    }
    response = client.post(reverse("admin:placements_assignment_add"), data)
    assert "does not work at" in _form_errors(response)
    assert not Assignment.objects.filter(title="Recherche").exists()


def test_the_admin_refuses_an_overlapping_round(client, world):
    client.force_login(world.admin)
    cohort = world.student.student.cohorts.get()
    RotationRoundFactory(cohort=cohort, name="Ronde 1", start_date="2027-02-01", end_date="2027-07-31")
    data = {"cohort": cohort.pk, "name": "Zes weken", "start_date": "2027-03-01", "end_date": "2027-04-11"}
    response = client.post(reverse("admin:programmes_rotationround_add"), data | {"state": "draft"})
    assert "overlaps round Ronde 1" in _form_errors(response)
    assert not RotationRound.objects.filter(name="Zes weken").exists()
