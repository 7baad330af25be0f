"""Hosts offer a day, professionals of other organisations ask, the host decides; the day becomes a placement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from audit.services import audit_entries_for
from evaluations.models import Audience, EvaluationRequest
from exchanges import calendar
from exchanges.models import ExchangeRequest
from exchanges.selectors import exchange_matrix
from exchanges.services import (
    exchange_reflection_open,
    exchange_request_create,
    exchange_request_decide,
    exchange_slot_publish,
)
from notifications.models import Notification
from placements.models import Placement
from programmes.models import Programme

from ..evaluations.conftest import make_questionnaire
from ..factories import UserFactory
from .conftest import DAY, participant

pytestmark = pytest.mark.django_db


def test_accepting_creates_the_one_day_placement_and_notifies(exchange, mailoutbox, django_capture_on_commit_callbacks):
    slot = exchange.publish()
    with django_capture_on_commit_callbacks(execute=True):
        request = exchange_request_create(participant=exchange.visitor, slot=slot, message="Graag!")
    assert mailoutbox[-1].to == [exchange.host.email]
    with django_capture_on_commit_callbacks(execute=True):
        exchange_request_decide(request=request, actor=exchange.host, accept=True, message="Welkom om 9 uur")
    request.refresh_from_db()
    placement = Placement.objects.get(student__user=exchange.visitor.user)
    assert request.placement == placement and (placement.start_date, placement.end_date) == (DAY, DAY)
    assert mailoutbox[-1].to == [exchange.visitor.user.email]
    assert AuditEntry.objects.filter(action="exchange_request.accepted").exists()
    assert [e.start for e in calendar.events(exchange.visitor.user)] == [DAY]
    assert [e.location for e in calendar.events(exchange.host)] == ["Rotterdam"]


def test_a_full_day_is_refused_with_a_message(exchange):
    slot = exchange.publish(places=1)
    first = exchange_request_create(participant=exchange.visitor, slot=slot)
    exchange_request_decide(request=first, actor=exchange.host, accept=True)
    other = participant(exchange.programme, exchange.visitor.organisation)
    with pytest.raises(ValidationError, match="full"):
        exchange_request_create(participant=other, slot=slot)
    assert ExchangeRequest.objects.count() == 1


def test_accepting_beyond_the_places_is_refused_by_the_placement_capacity(exchange):
    slot = exchange.publish(places=1)
    first = exchange_request_create(participant=exchange.visitor, slot=slot)
    second = exchange_request_create(
        participant=participant(exchange.programme, exchange.visitor.organisation), slot=slot
    )
    exchange_request_decide(request=first, actor=exchange.host, accept=True)
    with pytest.raises(ValidationError) as exc:
        exchange_request_decide(request=second, actor=exchange.host, accept=True)
    assert exc.value.error_list[0].code == "capacity"
    second.refresh_from_db()
    assert second.status == "pending" and Placement.objects.count() == 1


def test_no_exchange_at_ones_own_organisation(exchange):
    with pytest.raises(ValidationError, match="own organisation"):
        exchange_request_create(participant=exchange.colleague, slot=exchange.publish())
    assert not ExchangeRequest.objects.exists()


def test_declining_sends_the_hosts_message_and_creates_nothing(
    exchange, mailoutbox, django_capture_on_commit_callbacks
):
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    with django_capture_on_commit_callbacks(execute=True):
        exchange_request_decide(request=request, actor=exchange.host, accept=False, message="Die dag is vol, sorry")
    assert "Die dag is vol, sorry" in mailoutbox[-1].body
    assert not Placement.objects.exists()
    assert Notification.objects.filter(kind="exchange.declined").count() == 1
    assert AuditEntry.objects.filter(action="exchange_request.declined").exists()


def test_strangers_cannot_publish_or_decide(exchange):
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        exchange_slot_publish(
            actor=stranger,
            programme=exchange.programme,
            unit=exchange.host_unit,
            day=DAY,
            place="",
            description="",
            places=1,
        )
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    with pytest.raises(PermissionDenied):
        exchange_request_decide(request=request, actor=stranger, accept=True)


def test_both_reflect_after_the_day_on_the_placements_evaluation(exchange):
    make_questionnaire(Audience.STUDENT, kind=Programme.Kind.EXCHANGE)
    make_questionnaire(Audience.SUPERVISOR, kind=Programme.Kind.EXCHANGE)
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    request = exchange_request_decide(request=request, actor=exchange.host, accept=True)
    visitor = exchange.visitor.user
    with pytest.raises(ValidationError, match="once the exchange day"):
        exchange_reflection_open(request=request, user=visitor, today=DAY.replace(day=9))
    assert not EvaluationRequest.objects.exists()
    mine = exchange_reflection_open(request=request, user=visitor, today=DAY)
    hosts = exchange_reflection_open(request=request, user=exchange.host, today=DAY)
    assert (mine.audience, mine.placement, hosts.audience) == ("student", request.placement, "supervisor")
    assert exchange_reflection_open(request=request, user=visitor, today=DAY) == mine  # opened again, not duplicated
    with pytest.raises(ValidationError, match="Only the visitor and the host"):
        exchange_reflection_open(request=request, user=exchange.leader, today=DAY)
    assert EvaluationRequest.objects.count() == 2


def test_the_leader_matrix_counts_exchanges_between_organisations(exchange):
    for day in (DAY, DAY.replace(day=11)):
        request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish(day=day))
        exchange_request_decide(request=request, actor=exchange.host, accept=True)
    declined = exchange_request_create(
        participant=participant(exchange.programme, exchange.visitor.organisation),
        slot=exchange.publish(day=DAY.replace(day=12)),
    )
    exchange_request_decide(request=declined, actor=exchange.host, accept=False)
    assert exchange_matrix(user=exchange.leader) == [
        {
            "visitor": "Eenheid Rotterdam",
            "host": "Veilig Thuis Rotterdam-Rijnmond",
            "count": 2,
        }
    ]
    assert exchange_matrix(user=UserFactory()) == []


def test_a_host_with_a_full_load_of_students_still_receives_a_visitor(exchange):
    host = exchange.host.supervisor
    host.max_students = 0  # a visitor for one day is not one of the supervisor's students
    host.save()
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    request = exchange_request_decide(request=request, actor=exchange.host, accept=True)
    assert request.placement.supervisor == host


def test_the_e_mails_name_the_host_organisation_and_link_to_the_page(
    exchange, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish(), message="Graag!")
        exchange_request_decide(request=request, actor=exchange.host, accept=True)
    to_host, to_visitor = mailoutbox
    assert "Graag!" in to_host.body and "/exchanges/hosting/" in to_host.body
    assert "Veilig Thuis Rotterdam-Rijnmond" in to_visitor.subject and "/exchanges/mine/" in to_visitor.body


def test_the_personal_data_export_and_erasure_cover_exchange_requests(exchange):
    from exchanges import privacy

    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish(), message="Mijn motivatie")
    exchange_request_decide(request=request, actor=exchange.host, accept=False, message="Helaas")
    visitor = exchange.visitor.user
    data = privacy.export(visitor)
    assert data["exchange_requests"][0]["message"] == "Mijn motivatie"
    assert data["exchange_participations"] == [{"programme": "Wisselstage!", "organisation": "Eenheid Rotterdam"}]
    assert privacy.export(exchange.host)["exchange_days_published"][0]["place"] == "Rotterdam"
    privacy.erase(visitor)
    request.refresh_from_db()
    assert (request.message, request.decision_message, request.status) == ("", "", "declined")


def test_after_the_day_the_daily_jobs_ask_both_for_their_reflection(exchange):
    from evaluations.services import evaluation_dispatch_due
    from exchanges.services import exchange_days_complete

    make_questionnaire(Audience.STUDENT, kind=Programme.Kind.EXCHANGE)
    make_questionnaire(Audience.SUPERVISOR, kind=Programme.Kind.EXCHANGE)
    request = exchange_request_create(participant=exchange.visitor, slot=exchange.publish())
    exchange_request_decide(request=request, actor=exchange.host, accept=True)
    assert exchange_days_complete(today=DAY) == 0  # not before the day has passed
    after = DAY.replace(day=11)
    assert exchange_days_complete(today=after) == 1
    assert exchange_days_complete(today=after) == 0  # safe to run twice
    request.refresh_from_db()
    (entry,) = audit_entries_for(request.placement).filter(action="placement.completed")
    assert (entry.actor, entry.changes) == (None, {"status": ["planned", "completed"]})
    assert evaluation_dispatch_due(today=after) == 2
    respondents = set(EvaluationRequest.objects.values_list("respondent", flat=True))
    assert respondents == {exchange.visitor.user.pk, exchange.host.pk}


def test_the_daily_job_runs_by_its_scheduled_name(exchange):
    from notifications.setup import DEFAULT_SCHEDULE
    from portal.celery import app

    app.loader.import_default_modules()
    assert "exchanges.tasks.complete_exchange_days" in {task for _name, task, _h, _m in DEFAULT_SCHEDULE}
    assert app.tasks["exchanges.tasks.complete_exchange_days"].apply().get() == 0
