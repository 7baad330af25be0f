"""Exchange pages: the leaders' matrix, access (404 outside one's scope) and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse

from exchanges.models import ExchangeRequest
from exchanges.services import exchange_request_create, exchange_request_decide

from ..factories import OrganisationFactory, ProgrammeFactory, SupervisorFactory, UnitFactory
from .conftest import DAY, participant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [1, 6])
def test_the_matrix_page_counts_exchanges_with_constant_queries(client, exchange, days, django_assert_max_num_queries):
    for offset in range(days):
        visitor = participant(exchange.programme, exchange.visitor.organisation)
        slot = exchange.publish(day=DAY.replace(day=1 + offset))
        exchange_request_decide(
            request=exchange_request_create(participant=visitor, slot=slot), actor=exchange.host, accept=True
        )
    client.force_login(exchange.leader)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("exchanges:matrix"))
    assert response.context["rows"][0]["count"] == days
    assert "Veilig Thuis Rotterdam-Rijnmond" in response.content.decode()


def test_strangers_get_403(client, exchange):
    client.force_login(SupervisorFactory().user)
    assert client.get(reverse("exchanges:matrix")).status_code == 403


# --- access: outside one's scope is a 404 -------------------------------------------------------


def test_another_organisation_cannot_answer_change_or_withdraw_a_day_it_does_not_host(client, exchange, today):
    slot = exchange.publish()
    request = exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag")
    elsewhere = SupervisorFactory()
    elsewhere.units.add(UnitFactory())  # a team of another organisation
    for person in (elsewhere.user, exchange.visitor.user):
        client.force_login(person)
        for decision in ("accept", "decline"):
            url = reverse("exchanges:request_decide", kwargs={"pk": request.pk})
            assert client.post(url, {"decision": decision}).status_code == 404
        assert client.get(reverse("exchanges:slot_edit", kwargs={"public_id": slot.public_id})).status_code == 404
        assert client.post(reverse("exchanges:slot_withdraw", kwargs={"public_id": slot.public_id})).status_code == 404
    request.refresh_from_db()
    slot.refresh_from_db()
    assert request.status == "pending" and slot.withdrawn_at is None


def test_a_colleague_in_the_days_unit_may_answer(client, exchange, today):
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish(), message="Graag")
    colleague = SupervisorFactory()
    colleague.units.add(exchange.host_unit)
    client.force_login(colleague.user)
    client.post(reverse("exchanges:request_decide", kwargs={"pk": request.pk}), {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == "declined"


def test_a_supervisor_in_another_unit_of_the_host_organisation_neither_sees_nor_decides(client, exchange, today):
    slot = exchange.publish()
    request = exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag")
    elsewhere = SupervisorFactory()
    elsewhere.units.add(UnitFactory(organisation=exchange.host_unit.organisation, name="Jeugd"))
    client.force_login(elsewhere.user)
    url = reverse("exchanges:request_decide", kwargs={"pk": request.pk})
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert client.get(reverse("exchanges:slot_edit", kwargs={"public_id": slot.public_id})).status_code == 404
    assert exchange.visitor.user.name not in client.get(reverse("exchanges:hosting")).content.decode()
    request.refresh_from_db()
    assert request.status == "pending"


def test_days_of_another_programme_are_not_found(client, exchange, today):
    slot = exchange.publish()
    other_programme = ProgrammeFactory(kind="exchange")
    outsider = participant(other_programme, OrganisationFactory())
    client.force_login(outsider.user)
    assert client.get(reverse("exchanges:slot_detail", kwargs={"public_id": slot.public_id})).status_code == 404
    assert slot.assignment.unit.organisation.name not in client.get(reverse("exchanges:slots")).content.decode()


# --- query counts: constant in the number of days ---------------------------------------------


def _offer_days(exchange, count):
    for offset in range(count):
        slot = exchange.publish(places=2, day=DAY + timedelta(days=offset))
        visitor = participant(exchange.programme, exchange.visitor.organisation)
        exchange_request_create(participant=visitor, slot=slot, message="Graag")
        exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag")


@pytest.mark.parametrize("days", [1, 8])
def test_the_open_days_list_has_constant_queries(client, exchange, today, days, django_assert_num_queries):
    _offer_days(exchange, days)
    client.force_login(exchange.visitor.user)
    # session, the person with roles, participations, open days, organisations for the filter
    with django_assert_num_queries(5):
        response = client.get(reverse("exchanges:slots"), {"day_from": DAY.isoformat()})
    assert len(response.context["slots"]) == days
    assert all(slot.requested for slot in response.context["slots"])


@pytest.mark.parametrize("days", [1, 8])
def test_the_hosting_page_has_constant_queries(client, exchange, today, days, django_assert_num_queries):
    _offer_days(exchange, days)
    client.force_login(exchange.host)
    # session, the person with roles, days, their requests with requesters, can-publish check
    with django_assert_num_queries(5):
        response = client.get(reverse("exchanges:hosting"))
    assert len(response.context["slots"]) == days


@pytest.mark.parametrize("days", [1, 8])
def test_my_exchanges_has_constant_queries(client, exchange, today, days, django_assert_num_queries):
    _offer_days(exchange, days)
    for request in ExchangeRequest.objects.filter(participant=exchange.visitor):
        exchange_request_decide(request=request, actor=exchange.host, accept=True)
    client.force_login(exchange.visitor.user)
    # session, the person with roles, my requests, my reflections on them, visitors I host
    with django_assert_num_queries(5):
        response = client.get(reverse("exchanges:mine"))
    assert len(response.context["upcoming_visits"]) == days
    client.force_login(exchange.host)
    # session, the person with roles, my requests, visitors I host, my reflections on those visits
    with django_assert_num_queries(5):
        response = client.get(reverse("exchanges:mine"))
    assert len(response.context["upcoming_hosted"]) == days


def test_a_host_in_two_teams_of_the_organisation_sees_the_true_count(exchange, today):
    from exchanges.access import slot_get_for_host
    from exchanges.selectors import hosted_slots

    exchange.host.supervisor.units.add(UnitFactory(organisation=exchange.host_unit.organisation))
    slot = exchange.publish(places=2)
    exchange_request_decide(
        request=exchange_request_create(participant=exchange.visitor, slot=slot), actor=exchange.host, accept=True
    )
    assert slot_get_for_host(user=exchange.host, public_id=slot.public_id).taken == 1
    assert [s.taken for s in hosted_slots(user=exchange.host)] == [1]
