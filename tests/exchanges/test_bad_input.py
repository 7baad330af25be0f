"""Bad input on the exchange pages: a clear message, and nothing in the database changes."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from exchanges.models import ExchangeRequest, ExchangeSlot
from notifications.models import Notification
from placements.models import Assignment, Placement

from .conftest import DAY, participant

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (ExchangeSlot, ExchangeRequest, Assignment, Placement, Notification, AuditEntry)
    )


def _ask(client, user, slot, message="Graag"):
    client.force_login(user)
    return client.post(reverse("exchanges:slot_detail", kwargs={"public_id": slot.public_id}), {"message": message})


def _refused(client, user, slot, expected: str, message="Graag"):
    before = _state()
    response = _ask(client, user, slot, message)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert _state() == before


def test_a_full_day_is_refused(client, exchange, today):
    slot = exchange.publish(places=1)
    _ask(client, exchange.visitor.user, slot)
    from exchanges.services import exchange_request_decide

    exchange_request_decide(request=ExchangeRequest.objects.get(), actor=exchange.host, accept=True)
    late = participant(exchange.programme, exchange.visitor.organisation)
    _refused(client, late.user, slot, "This exchange day is full.")


def test_a_day_at_ones_own_organisation_is_refused(client, exchange, today):
    _refused(
        client,
        exchange.colleague.user,
        exchange.publish(),
        "You cannot request an exchange day at your own organisation.",
    )


def test_a_second_request_for_the_same_day_is_refused(client, exchange, today):
    slot = exchange.publish()
    _ask(client, exchange.visitor.user, slot)
    _refused(client, exchange.visitor.user, slot, "You have already requested this exchange day.")


def test_a_day_that_has_passed_cannot_be_requested(client, exchange, today, time_machine):
    slot = exchange.publish()
    time_machine.move_to(DAY + timedelta(days=1), tick=False)
    _refused(client, exchange.visitor.user, slot, "This exchange day has passed")


def test_an_empty_motivation_is_refused(client, exchange, today):
    _refused(client, exchange.visitor.user, exchange.publish(), "This field is required.", message="  ")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": (DAY - timedelta(days=30)).isoformat()}, "this date has passed"),
        ({"places": 0}, "Ensure this value is greater than or equal to 1."),
        ({"date": "31-02-2026"}, "Enter a valid date."),
    ],
)
def test_publishing_a_bad_day_is_refused(client, exchange, today, changes, expected):
    data = {
        "programme": exchange.programme.pk,
        "unit": exchange.host_unit.pk,
        "date": DAY.isoformat(),
        "place": "Rotterdam",
        "description": "Meelopen",
        "places": 1,
        **changes,
    }
    client.force_login(exchange.host)
    before = _state()
    response = client.post(reverse("exchanges:slot_create"), data)
    assert response.status_code == 200 and expected in response.content.decode()
    assert _state() == before


def test_moving_a_day_with_accepted_visitors_is_refused(client, exchange, today):
    from exchanges.services import exchange_request_create, exchange_request_decide

    slot = exchange.publish(places=2)
    exchange_request_decide(
        request=exchange_request_create(participant=exchange.visitor, slot=slot), actor=exchange.host, accept=True
    )
    client.force_login(exchange.host)
    before = _state()
    data = {"date": (DAY + timedelta(days=1)).isoformat(), "place": "Rotterdam", "description": "x", "places": 2}
    response = client.post(reverse("exchanges:slot_edit", kwargs={"public_id": slot.public_id}), data)
    assert "Visitors were accepted for this day" in response.content.decode()
    response = client.post(reverse("exchanges:slot_withdraw", kwargs={"public_id": slot.public_id}), follow=True)
    assert "Visitors were accepted for this day" in response.content.decode()
    assert _state() == before


def test_answering_a_request_twice_is_refused(client, exchange, today):
    _ask(client, exchange.visitor.user, exchange.publish())
    request = ExchangeRequest.objects.get()
    client.force_login(exchange.host)
    url = reverse("exchanges:request_decide", kwargs={"pk": request.pk})
    client.post(url, {"decision": "decline"})
    before = _state()
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert "This request has already been answered." in response.content.decode()
    response = client.post(url, {"decision": "maybe"}, follow=True)
    assert "Choose whether to accept or decline" in response.content.decode()
    assert _state() == before


def test_reflecting_before_the_day_is_refused(client, exchange, today):
    from exchanges.services import exchange_request_create, exchange_request_decide

    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    exchange_request_decide(request=request, actor=exchange.host, accept=True)
    client.force_login(exchange.visitor.user)
    before = _state()
    response = client.post(reverse("exchanges:reflect", kwargs={"pk": request.pk}), follow=True)
    assert "You can reflect once the exchange day has taken place." in response.content.decode()
    assert _state() == before
