"""Coordinators: a person of a partner organisation arranges its part in an exchange programme (its hosts,
teams, days and the requests to them) and sees the reflections of the visits it hosted; nothing of
another organisation's people beyond the visitors coming to them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from evaluations.models import Audience
from exchanges import services
from exchanges.models import ExchangeRequest
from notifications.models import Notification
from placements.models import Placement
from programmes.models import ExchangeCoordinator, Student, Supervisor
from programmes.roles import roles_of
from programmes.services import exchange_coordinator_grant

from ..evaluations.conftest import make_questionnaire
from ..factories import ProgrammeFactory, SupervisorFactory, UnitFactory, UserFactory
from .conftest import DAY, participant

pytestmark = pytest.mark.django_db


def _coordinator(exchange, organisation):
    user = UserFactory()
    grant = {"programme": exchange.programme, "organisation": organisation}
    exchange_coordinator_grant(**grant, user=user, actor=exchange.leader)
    return user


@pytest.fixture
def host_coordinator(exchange):
    """The coordinator of Veilig Thuis, the host organisation."""
    return _coordinator(exchange, exchange.host_unit.organisation)


@pytest.fixture
def visitor_coordinator(exchange):
    """The coordinator of the visitor's organisation (the police): another organisation than the host's."""
    return _coordinator(exchange, exchange.visitor.organisation)


def _request(exchange):
    slot = exchange.publish(places=2)
    return services.exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag")


def test_a_grant_is_for_an_exchange_programme_once(exchange, host_coordinator):
    organisation = exchange.host_unit.organisation
    with pytest.raises(ValidationError):
        exchange_coordinator_grant(programme=exchange.programme, organisation=organisation, user=host_coordinator)
    with pytest.raises(ValidationError):
        exchange_coordinator_grant(programme=ProgrammeFactory(), organisation=organisation, user=UserFactory())
    roles = roles_of(host_coordinator)
    assert roles.is_coordinator and not roles.is_student and roles.any


def test_the_host_coordinator_accepts_a_visitor_who_stays_a_professional(client, exchange, host_coordinator):
    request = _request(exchange)
    client.force_login(host_coordinator)
    hosting = client.get(reverse("exchanges:hosting")).content.decode()
    assert exchange.visitor.user.name in hosting and "Accept" in hosting
    client.post(reverse("exchanges:request_decide", kwargs={"pk": request.pk}), {"decision": "accept"})
    request.refresh_from_db()
    assert request.status == ExchangeRequest.Status.ACCEPTED
    holder = Placement.objects.get(pk=request.placement_id).student
    assert holder.user == exchange.visitor.user and holder.school_id is None and not holder.cohorts.exists()
    assert not roles_of(exchange.visitor.user).is_student  # the holder row does not make them a student


def test_the_coordinator_of_another_organisation_gets_nothing_of_the_host(
    client, exchange, visitor_coordinator, host_coordinator
):
    request = _request(exchange)
    client.force_login(visitor_coordinator)
    assert exchange.visitor.user.name not in client.get(reverse("exchanges:hosting")).content.decode()
    slot = request.slot
    for name, kwargs, method in (
        ("exchanges:request_decide", {"pk": request.pk}, "post"),
        ("exchanges:slot_edit", {"public_id": slot.public_id}, "get"),
        ("exchanges:slot_withdraw", {"public_id": slot.public_id}, "post"),
        ("exchanges:visit", {"pk": request.pk}, "get"),
    ):
        assert getattr(client, method)(reverse(name, kwargs=kwargs)).status_code == 404, name
    host_grant = ExchangeCoordinator.objects.get(user=host_coordinator)
    assert client.get(reverse("exchanges:coordination", kwargs={"pk": host_grant.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        services.exchange_request_decide(request=request, actor=visitor_coordinator, accept=True)


def test_the_coordinator_publishes_a_day_for_a_host_of_theirs(client, exchange, host_coordinator):
    host = exchange.host.supervisor
    client.force_login(host_coordinator)
    form = client.get(reverse("exchanges:slot_create")).context["form"]
    assert list(form.fields["host"].queryset) == [host]
    data = {"programme": exchange.programme.pk, "unit": exchange.host_unit.pk, "host": host.pk, "date": DAY,
            "place": "Rotterdam", "description": "Casusoverleg", "places": 1}  # fmt: skip
    assert client.post(reverse("exchanges:slot_create"), data).status_code == 302
    slot = exchange.host_unit.assignments.get().exchange_slot
    assert slot.published_by == host_coordinator and slot.assignment.default_supervisor == host
    services.exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag")
    told = Notification.objects.filter(kind="exchange.requested").values_list("recipient", flat=True)
    assert set(told) == {host_coordinator.pk, exchange.host.pk}  # who published it and who receives


def test_a_host_of_another_organisation_is_refused(exchange, host_coordinator):
    stranger = SupervisorFactory()
    stranger.units.add(UnitFactory())
    with pytest.raises(ValidationError):
        services.exchange_slot_publish(
            actor=host_coordinator, programme=exchange.programme, unit=exchange.host_unit, host=stranger,
            day=DAY, place="Rotterdam", description="Meelopen", places=1,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a coordinator publishes for their own organisation only
        services.exchange_slot_publish(
            actor=host_coordinator, programme=exchange.programme, unit=UnitFactory(),
            day=DAY, place="Rotterdam", description="Meelopen", places=1,
        )  # fmt: skip


def test_the_coordinator_adds_a_team_and_invites_its_host(client, exchange, host_coordinator):
    grant = ExchangeCoordinator.objects.get(user=host_coordinator)
    client.force_login(host_coordinator)
    url = reverse("exchanges:coordination_unit_create", kwargs={"pk": grant.pk})
    assert client.post(url, {"name": "Jeugd"}).status_code == 302
    team = exchange.host_unit.organisation.units.get(name="Jeugd")
    invite = reverse("exchanges:coordination_host_invite", kwargs={"pk": grant.pk})
    response = client.post(invite, {"name": "Sanne Host", "email": "sanne@example.nl", "unit": team.pk})
    assert response.status_code == 302
    assert Supervisor.objects.get(user__email="sanne@example.nl").units.get() == team
    assert Notification.objects.filter(kind="invitation", recipient__email="sanne@example.nl").exists()
    page = client.get(reverse("exchanges:coordination", kwargs={"pk": grant.pk})).content.decode()
    assert "Sanne Host" in page and exchange.host.name in page
    # Another organisation's team, a taken name or address: a form error, nothing written.
    other_team = UnitFactory()
    response = client.post(invite, {"name": "X", "email": "x@example.nl", "unit": other_team.pk})
    assert response.status_code == 200 and response.context["host_form"].errors
    assert client.post(url, {"name": "jeugd"}).status_code == 200
    with pytest.raises(ValidationError):
        services.exchange_host_invite(
            coordination=grant, unit=other_team, name="X", email="x@example.nl", actor=host_coordinator
        )
    assert not User.objects.filter(email="x@example.nl").exists()


def test_the_visitors_reflection_is_shown_to_host_and_coordinator(client, exchange, host_coordinator, today):
    from evaluations.services import evaluation_requests_ensure, evaluation_response_save

    request = _request(exchange)
    services.exchange_request_decide(request=request, actor=exchange.host, accept=True)
    request.refresh_from_db()
    questionnaire = make_questionnaire(Audience.STUDENT, programme=exchange.programme)
    evaluations = evaluation_requests_ensure(placement=request.placement, actor=exchange.host, today=DAY)
    mine = next(e for e in evaluations if e.respondent_id == exchange.visitor.user.pk)
    client.force_login(exchange.visitor.user)
    respond = client.get(reverse("evaluations:respond", kwargs={"token": mine.token})).content.decode()
    assert "shared with your host and the host organisation" in respond  # said on the form
    given = {"likert": "4", "single": "Ja", "multiple": ["Opdracht"], "text": "Ik weet nu wie ik moet bellen."}
    answers = {q.pk: given[q.kind] for q in questionnaire.versions.get().questions.all()}
    evaluation_response_save(request=mine, user=exchange.visitor.user, answers=answers, submit=True, today=DAY)
    assert client.get(reverse("exchanges:visit", kwargs={"pk": request.pk})).status_code == 404  # host side only
    for person in (exchange.host, host_coordinator):
        client.force_login(person)
        page = client.get(reverse("exchanges:visit", kwargs={"pk": request.pk}))
        assert page.status_code == 200 and page.context["reflections"] == [mine]
        assert "Ik weet nu wie ik moet bellen." in page.content.decode()


def _grow(exchange, size):
    """`size` more hosts, professionals and accepted visitors at the host organisation."""
    for index in range(size):
        host = SupervisorFactory()
        host.units.add(exchange.host_unit)
        visitor = participant(exchange.programme, exchange.visitor.organisation)
        participant(exchange.programme, exchange.host_unit.organisation)
        slot = exchange.publish(places=1, day=DAY.replace(day=1 + index))
        request = services.exchange_request_create(participant=visitor, slot=slot, message="Graag")
        services.exchange_request_decide(request=request, actor=exchange.host, accept=True)


@pytest.mark.parametrize("size", [1, 6])
def test_the_coordination_page_reads_a_fixed_number_of_queries(
    client, exchange, host_coordinator, size, django_assert_num_queries
):
    _grow(exchange, size)
    grant = ExchangeCoordinator.objects.get(user=host_coordinator)
    client.force_login(host_coordinator)
    url = reverse("exchanges:coordination", kwargs={"pk": grant.pk})
    # session, user, the grant, units + their hosts (2), professionals, visits + their reflections (2),
    # the roles for the navigation
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_a_coordinator_comes_home_to_their_organisation(client, exchange, host_coordinator):
    client.force_login(host_coordinator)
    grant = ExchangeCoordinator.objects.get(user=host_coordinator)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("exchanges:coordination", kwargs={"pk": grant.pk})
    assert not Student.objects.filter(user=host_coordinator).exists()
