"""Wisselstage! through the pages: a host offers a day, a police professional asks, the host accepts,
both find the day in their calendar feed and reflect on it afterwards."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from evaluations.models import Audience, EvaluationRequest
from exchanges.models import ExchangeRequest, ExchangeSlot
from placements.models import Placement
from programmes.models import Programme

from ..evaluations.conftest import make_questionnaire
from .conftest import DAY

pytestmark = pytest.mark.django_db


def _feed_days(client, user) -> list:
    type(user).objects.filter(pk=user.pk).update(language="en")  # the feed speaks its owner's language
    response = client.get(reverse("accounts:calendar_feed", kwargs={"token": user.calendar_token}))
    calendar = icalendar.Calendar.from_ical(response.content)
    return [
        (event.get("dtstart").dt, str(event.get("location")), str(event.get("summary")))
        for event in calendar.walk("VEVENT")
        if str(event.get("uid")).startswith("exchange-")
    ]


def _answers(version) -> dict:
    data = {"submit": "1"}
    for question in version.questions.all():
        value = {"likert": "4", "single": "Ja", "multiple": "Opdracht", "text": "Leerzaam"}[question.kind]
        data[f"q_{question.pk}"] = value
    return data


def test_publish_request_accept_calendar_and_reflect(
    client, exchange, today, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    make_questionnaire(Audience.STUDENT, kind=Programme.Kind.EXCHANGE)
    make_questionnaire(Audience.SUPERVISOR, kind=Programme.Kind.EXCHANGE)
    host, visitor = exchange.host, exchange.visitor.user

    client.force_login(host)
    response = client.post(
        reverse("exchanges:slot_create"),
        {
            "programme": exchange.programme.pk,
            "unit": exchange.host_unit.pk,
            "date": DAY.isoformat(),
            "place": "Rotterdam, Wijnhaven",
            "description": "Casusoverleg en meelopen met een procesregisseur",
            "places": 2,
        },
        follow=True,
    )
    assert "Your exchange day is published" in response.content.decode()
    slot = ExchangeSlot.objects.get()

    client.force_login(visitor)
    listing = client.get(reverse("exchanges:slots")).content.decode()
    assert "Veilig Thuis Rotterdam-Rijnmond" in listing
    detail = reverse("exchanges:slot_detail", kwargs={"public_id": slot.public_id})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {"message": "Ik wil zien hoe een zorgmelding wordt gewogen."}, follow=True)
    assert "Your request was sent to the host" in response.content.decode()
    assert mailoutbox[-1].to == [host.email]

    client.force_login(host)
    request = ExchangeRequest.objects.get()
    assert "hoe een zorgmelding wordt gewogen" in client.get(reverse("exchanges:hosting")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exchanges:request_decide", kwargs={"pk": request.pk}),
            {"decision": "accept", "message": "Welkom, meld je om 9 uur bij de balie."},
            follow=True,
        )
    assert "is welcome" in response.content.decode()
    assert mailoutbox[-1].to == [visitor.email] and "meld je om 9 uur" in mailoutbox[-1].body

    assert [day for day, _place, _summary in _feed_days(client, visitor)] == [DAY]
    assert _feed_days(client, host) == [(DAY, "Rotterdam, Wijnhaven", f"Exchange visitor: {visitor.name}")]
    assert visitor.name in client.get(reverse("exchanges:mine")).content.decode()  # the host's upcoming visitor
    client.force_login(visitor)
    assert "Accepted" in client.get(reverse("exchanges:mine")).content.decode()

    time_machine.move_to(DAY + timedelta(days=1), tick=False)
    for person, audience in ((visitor, Audience.STUDENT), (host, Audience.SUPERVISOR)):
        client.force_login(person)
        assert "Write your reflection" in client.get(reverse("exchanges:mine")).content.decode()
        response = client.post(reverse("exchanges:reflect", kwargs={"pk": request.pk}))
        evaluation = EvaluationRequest.objects.get(respondent=person)
        assert response.url == reverse("evaluations:respond", kwargs={"token": evaluation.token})
        client.post(response.url, _answers(evaluation.version))
        evaluation.refresh_from_db()
        assert (evaluation.audience, evaluation.state) == (audience, EvaluationRequest.State.SUBMITTED)
        assert "Reflection submitted" in client.get(reverse("exchanges:mine")).content.decode()
    assert Placement.objects.get().evaluation_requests.count() == 2


def test_the_host_declines_with_a_message_and_the_visitor_sees_it(client, exchange, today):
    slot = exchange.publish()
    client.force_login(exchange.visitor.user)
    client.post(reverse("exchanges:slot_detail", kwargs={"public_id": slot.public_id}), {"message": "Graag"})
    client.force_login(exchange.host)
    request = ExchangeRequest.objects.get()
    client.post(
        reverse("exchanges:request_decide", kwargs={"pk": request.pk}),
        {"decision": "decline", "message": "Die dag is vol, sorry"},
    )
    client.force_login(exchange.visitor.user)
    page = client.get(reverse("exchanges:mine")).content.decode()
    assert "Declined" in page and "Die dag is vol, sorry" in page
    assert not Placement.objects.exists()


def test_the_host_changes_and_withdraws_a_day(client, exchange, today):
    slot = exchange.publish(places=1)
    client.force_login(exchange.visitor.user)
    client.post(reverse("exchanges:slot_detail", kwargs={"public_id": slot.public_id}), {"message": "Graag"})
    client.force_login(exchange.host)
    edit = reverse("exchanges:slot_edit", kwargs={"public_id": slot.public_id})
    new_day = DAY + timedelta(days=1)
    data = {"date": new_day.isoformat(), "place": "Dordrecht", "description": "Anders", "places": 3}
    assert client.post(edit, data).status_code == 302
    slot.refresh_from_db()
    assert (slot.date, slot.place, slot.assignment.capacity) == (new_day, "Dordrecht", 3)
    response = client.post(
        reverse("exchanges:slot_withdraw", kwargs={"public_id": slot.public_id}), {"message": "Gaat niet door"}
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.withdrawn_at is not None
    assert ExchangeRequest.objects.get().status == ExchangeRequest.Status.DECLINED
    client.force_login(exchange.visitor.user)
    assert "Dordrecht" not in client.get(reverse("exchanges:slots")).content.decode()
