"""Writes of the exchange domain. Raise ValidationError (UI message) or PermissionDenied; write nothing then."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notification_queue
from placements.models import Assignment, Programme, Supervisor
from placements.services import placement_create

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot, Reflection
from .rules import is_host_contact


def _notify(*, kind: str, request: ExchangeRequest, recipient, template: str) -> None:
    slot = request.slot
    notification_queue(
        kind=kind,
        object_key=f"exchange_request:{request.pk}",
        recipient=recipient,
        window=request.status,
        template=template,
        context={
            "slot": slot.assignment.title,
            "date": slot.date.strftime("%d-%m-%Y"),
            "place": slot.place,
            "requester": str(request.participant),
            "message": request.decision_message or request.message,
        },
    )


@transaction.atomic
def exchange_slot_publish(
    *, actor, programme: Programme, unit, day: date, place: str, description: str, places: int
) -> ExchangeSlot:
    """A host contact (supervisor in the organisation, or the programme's leader) offers a day."""
    supervisor = Supervisor.objects.filter(user=actor, units__organisation=unit.organisation_id).first()
    if supervisor is None and not programme.leader_grants.filter(user=actor).exists():
        raise PermissionDenied
    if places < 1:
        raise ValidationError(_("Offer at least one place."), code="places")
    assignment = Assignment.objects.create(
        programme=programme,
        unit=unit,
        title=_("Exchange day at %(unit)s") % {"unit": unit.name},
        description=description,
        capacity=places,
        available_from=day,
        available_until=day,
        default_supervisor=supervisor,
    )
    slot = ExchangeSlot.objects.create(assignment=assignment, date=day, place=place, published_by=actor)
    audit_log(actor=actor, action="exchange_slot.published", instance=slot, changes={"places": places})
    return slot


@transaction.atomic
def exchange_request_create(*, participant: ExchangeParticipant, slot: ExchangeSlot, message: str = ""):
    """A professional asks for a place on another organisation's day."""
    slot = ExchangeSlot.objects.select_for_update().select_related("assignment__unit").get(pk=slot.pk)
    if slot.assignment.programme_id != participant.programme_id:
        raise ValidationError(_("This exchange day belongs to another programme."), code="programme")
    if slot.assignment.unit.organisation_id == participant.organisation_id:
        raise ValidationError(_("You cannot request an exchange day at your own organisation."), code="own")
    taken = slot.requests.filter(status=ExchangeRequest.Status.ACCEPTED).count()
    if taken >= slot.assignment.capacity:
        raise ValidationError(_("This exchange day is full."), code="full")
    if slot.requests.filter(participant=participant).exists():
        raise ValidationError(_("You have already requested this exchange day."), code="duplicate")
    request = ExchangeRequest.objects.create(slot=slot, participant=participant, message=message)
    _notify(kind="exchange.requested", request=request, recipient=slot.published_by, template="exchange_requested")
    return request


@transaction.atomic
def exchange_request_decide(*, request: ExchangeRequest, actor, accept: bool, message: str = "") -> ExchangeRequest:
    """The host accepts (creating the one-day placement) or declines, with a message; audited."""
    request = ExchangeRequest.objects.select_for_update().select_related("slot__assignment__unit").get(pk=request.pk)
    if not is_host_contact(actor, request.slot):
        raise PermissionDenied
    if request.status != ExchangeRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="decided")
    if accept:
        slot = request.slot
        request.placement = placement_create(
            student=request.participant.student,
            assignment=slot.assignment,
            start_date=slot.date,
            end_date=slot.date,
            actor=actor,
        )
    request.status = ExchangeRequest.Status.ACCEPTED if accept else ExchangeRequest.Status.DECLINED
    request.decision_message = message
    request.save(update_fields=["status", "decision_message", "placement"])
    audit_log(actor=actor, action=f"exchange_request.{request.status}", instance=request, changes={"message": message})
    _notify(
        kind=f"exchange.{request.status}",
        request=request,
        recipient=request.participant.student.user,
        template=f"exchange_{request.status}",
    )
    return request


def reflection_submit(*, request: ExchangeRequest, author, text: str, rating: int, today: date) -> Reflection:
    """After the day, the visitor and the host each write one short reflection."""
    if request.status != ExchangeRequest.Status.ACCEPTED or request.slot.date > today:
        raise ValidationError(_("You can reflect once the exchange day has taken place."), code="early")
    if author != request.participant.student.user and not is_host_contact(author, request.slot):
        raise PermissionDenied
    if not 1 <= rating <= 5:
        raise ValidationError(_("Give a rating from 1 to 5."), code="rating")
    if request.reflections.filter(author=author).exists():
        raise ValidationError(_("You have already written a reflection on this day."), code="duplicate")
    return Reflection.objects.create(request=request, author=author, text=text, rating=rating)
