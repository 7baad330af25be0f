"""A leader changes, ends early, extends, cancels or starts a placement from its page; a refusal of the
service is shown on the form; the placement's student gets a 403 and a leader of another programme a 404."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from documents.models import DocumentRequirement
from placements.models import Placement
from programmes.models import RotationRound

from ..conftest import TODAY
from ..documents.conftest import requirement
from ..factories import (
    AssignmentFactory,
    CohortFactory,
    PlacementFactory,
    RotationRoundFactory,
    StudentFactory,
    placement_admin_data,
)
from ..html import compact

pytestmark = pytest.mark.django_db

Status = Placement.Status
STEPS = ["placement_edit", "placement_end_early", "placement_extend", "placement_cancel"]


def _url(name, placement):
    return reverse(f"placements:{name}", args=[placement.public_id])


def _page(client, url) -> str:
    return compact(client.get(url).content.decode())


def _planned_today(world):
    placement = world.placement
    Placement.objects.filter(pk=placement.pk).update(status=Status.PLANNED, start_date=TODAY)
    return placement


def test_the_leader_sees_the_steps_of_a_running_placement(client, world):
    client.force_login(world.leader)
    page = _page(client, reverse("placements:placement_detail", args=[world.placement.public_id]))
    for name in STEPS:
        assert _url(name, world.placement) in page
    for name in STEPS:
        assert client.get(_url(name, world.placement)).status_code == 200


def test_the_student_and_supervisor_see_no_steps_and_are_refused_them(client, world):
    for person in (world.student, world.supervisor):
        client.force_login(person)
        page = _page(client, reverse("placements:placement_detail", args=[world.placement.public_id]))
        assert _url("placement_edit", world.placement) not in page
        for name in STEPS:
            assert client.get(_url(name, world.placement)).status_code == 403
            assert client.post(_url(name, world.placement), {"reason": "x"}).status_code == 403
    assert Placement.objects.get(pk=world.placement.pk).status == Status.ACTIVE


def test_a_leader_of_another_programme_gets_a_404_everywhere(client, world):
    client.force_login(world.other_leader)
    for name in [*STEPS, "placement_start"]:
        assert client.post(_url(name, world.placement), {"reason": "x", "end_date": "2026-11-01"}).status_code == 404
    assert Placement.objects.get(pk=world.placement.pk).status == Status.ACTIVE


def test_the_leader_ends_a_placement_early_with_a_reason(client, world, today):
    client.force_login(world.leader)
    response = client.post(
        _url("placement_end_early", world.placement), {"end_date": "2026-11-20", "reason": "Stopt met de studie"}
    )
    assert response.status_code == 302
    placement = Placement.objects.get(pk=world.placement.pk)
    assert (placement.status, placement.end_date) == (Status.COMPLETED, date(2026, 11, 20))
    page = _page(client, response.url)
    assert "Stopt met de studie" in page


def test_an_early_end_without_a_reason_is_refused_on_the_form(client, world, today):
    client.force_login(world.leader)
    response = client.post(_url("placement_end_early", world.placement), {"end_date": "2026-11-20", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(_url("placement_end_early", world.placement), {"end_date": "2027-03-01", "reason": "x"})
    assert response.status_code == 200
    assert "before the current end date" in compact(response.content.decode())
    assert Placement.objects.get(pk=world.placement.pk).status == Status.ACTIVE


def test_an_extension_over_another_placement_is_refused_with_the_reason(client, world, today):
    PlacementFactory(
        student=world.placement.student, start_date=date(2027, 2, 1), end_date=date(2027, 7, 31), status=Status.PLANNED
    )
    client.force_login(world.leader)
    response = client.post(_url("placement_extend", world.placement), {"end_date": "2027-03-31"})
    assert response.status_code == 200
    assert "already has a placement" in compact(response.content.decode())
    assert client.post(_url("placement_extend", world.placement), {"end_date": "not a date"}).status_code == 200
    assert Placement.objects.get(pk=world.placement.pk).end_date == date(2027, 1, 31)


def test_the_leader_moves_a_placement_to_another_assignment_and_supervisor(client, world, today):
    other = AssignmentFactory(programme=world.programme)
    client.force_login(world.leader)
    data = {"assignment": other.pk, "supervisor": "", "start_date": "2026-08-01", "end_date": "2027-02-28", "notes": ""}
    assert client.post(_url("placement_edit", world.placement), data).status_code == 302
    placement = Placement.objects.get(pk=world.placement.pk)
    assert (placement.assignment, placement.supervisor, placement.end_date) == (other, None, date(2027, 2, 28))
    assert AuditEntry.objects.filter(action="placement.updated", actor=world.leader).exists()


def test_an_assignment_of_another_programme_is_not_offered(client, world, today):
    client.force_login(world.leader)
    foreign = world.other_placement.assignment
    data = {"assignment": foreign.pk, "start_date": "2026-08-01", "end_date": "2027-01-31"}
    response = client.post(_url("placement_edit", world.placement), data)
    assert response.status_code == 200 and response.context["form"].errors["assignment"]


def test_the_leader_cancels_a_placement(client, world, today):
    client.force_login(world.leader)
    assert client.post(_url("placement_cancel", world.placement), {"reason": "Ziek"}).status_code == 302
    placement = Placement.objects.get(pk=world.placement.pk)
    assert (placement.status, placement.status_reason) == (Status.CANCELLED, "Ziek")
    page = _page(client, reverse("placements:placement_detail", args=[placement.public_id]))
    assert _url("placement_edit", placement) not in page  # nothing more to change


def test_a_placement_held_back_shows_why_and_starts_once_in_order(client, world, today):
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    placement = _planned_today(world)
    client.force_login(world.leader)
    page = _page(client, reverse("placements:placement_detail", args=[placement.public_id]))
    assert "VOG is missing." in page and _url("placement_start", placement) not in page
    response = client.post(_url("placement_start", placement), follow=True)
    assert "VOG is missing." in compact(response.content.decode())
    assert Placement.objects.get(pk=placement.pk).status == Status.PLANNED
    vog.delete()
    page = _page(client, reverse("placements:placement_detail", args=[placement.public_id]))
    assert _url("placement_start", placement) in page
    client.post(_url("placement_start", placement))
    assert Placement.objects.get(pk=placement.pk).status == Status.ACTIVE


def test_the_start_button_takes_a_post_only(client, world, today):
    placement = _planned_today(world)
    client.force_login(world.leader)
    assert client.get(_url("placement_start", placement)).status_code == 405
    assert Placement.objects.get(pk=placement.pk).status == Status.PLANNED


def test_mark_as_running_starts_the_rounds_placements_and_says_who_waits(client, world, today):
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    student = StudentFactory()
    cohort = CohortFactory(programme=world.programme, students=[student])
    rotation_round = RotationRoundFactory(
        cohort=cohort, start_date=TODAY, end_date=TODAY + timedelta(days=90), state=RotationRound.State.PUBLISHED
    )
    placement = PlacementFactory(
        student=student,
        assignment=world.placement.assignment,
        rotation_round=rotation_round,
        start_date=TODAY,
        end_date=TODAY + timedelta(days=90),
        status=Status.PLANNED,
    )
    client.force_login(world.leader)
    response = client.post(
        reverse("rounds:round_set_state", args=[rotation_round.pk]), {"state": "running"}, follow=True
    )
    page = compact(response.content.decode())
    assert "0 placements started." in page and "could not start: VOG is missing." in page
    assert Placement.objects.get(pk=placement.pk).status == Status.PLANNED
    assert RotationRound.objects.get(pk=rotation_round.pk).state == RotationRound.State.RUNNING


def test_the_admin_is_told_when_a_status_step_is_not_allowed(client, world, today):
    placement = world.placement  # active until 2027-01-31
    client.force_login(world.admin)
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    response = client.post(url, placement_admin_data(placement, status="completed"))
    assert response.status_code == 200
    assert "completed after its end date" in response.content.decode()
    assert Placement.objects.get(pk=placement.pk).status == Status.ACTIVE
