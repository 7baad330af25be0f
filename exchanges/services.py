"""Writes of the exchange domain. Raise ValidationError (UI message) or PermissionDenied; write nothing then."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_log, audit_log_many
from evaluations.models import EvaluationRequest
from evaluations.services import evaluation_requests_ensure
from notifications.services import notification_queue
from organisations.services import unit_create
from placements.models import Assignment, Placement
from placements.services import placement_create
from programmes.access import programme_is_led_by
from programmes.models import ExchangeCoordinator, Professional, Programme, Student, Supervisor
from programmes.services import invitation_create

from .access import slot_is_hosted_by
from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot


def _notify(*, kind: str, request: ExchangeRequest, recipient, template: str) -> None:
    slot = request.slot
    to_visitor = recipient.pk == request.participant.professional.user_id
    notification_queue(
        kind=kind,
        object_key=f"exchange_request:{request.pk}",
        recipient=recipient,
        window=request.status,
        template=template,
        context={
            "slot": slot.assignment.title,
            "date": slot.date.isoformat(),  # written in the recipient's language by the message
            "place": slot.place,
            "host": slot.assignment.unit.organisation.name,
            "requester": str(request.participant),
            "message": request.decision_message or request.message,
            "path": reverse("exchanges:mine" if to_visitor else "exchanges:hosting"),
        },
    )


def _check_day(day: date, today: date | None) -> None:
    if day < (today or timezone.localdate()):
        raise ValidationError(_("Choose a date from today onwards; this date has passed."), code="past")


def _coordinates(*, user, programme: Programme, organisation_id: int) -> bool:
    return ExchangeCoordinator.objects.filter(user=user, programme=programme, organisation=organisation_id).exists()


@transaction.atomic
def exchange_slot_publish(
    *,
    actor,
    programme: Programme,
    unit,
    day: date,
    place: str,
    description: str,
    places: int,
    host: Supervisor | None = None,
    today=None,
) -> ExchangeSlot:
    """A host contact (supervisor in the organisation, the organisation's coordinator in the programme, or
    the programme's leader) offers a day; `host` (a supervisor in the organisation) receives the visitors,
    else the publishing supervisor.

    Raises PermissionDenied for anyone else, ValidationError for a host of another organisation, a past date
    or no places."""
    supervisor = Supervisor.objects.filter(user=actor, units__organisation=unit.organisation_id).first()
    if not (
        supervisor is not None
        or _coordinates(user=actor, programme=programme, organisation_id=unit.organisation_id)
        or programme_is_led_by(programme_id=programme.pk, user=actor)
    ):
        raise PermissionDenied
    if host is not None:
        if not host.units.filter(organisation=unit.organisation_id).exists():
            raise ValidationError(_("Choose a host who works at the organisation of the team."), code="host")
        supervisor = host
    _check_day(day, today)
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


def _locked_slot_for_host(slot: ExchangeSlot, actor) -> ExchangeSlot:
    slot = ExchangeSlot.objects.select_for_update().select_related("assignment__unit__organisation").get(pk=slot.pk)
    if not slot_is_hosted_by(slot=slot, user=actor):
        raise PermissionDenied
    if slot.withdrawn_at is not None:
        raise ValidationError(_("This exchange day was withdrawn."), code="withdrawn")
    return slot


@transaction.atomic
def exchange_slot_update(
    *, slot: ExchangeSlot, actor, day: date, place: str, description: str, places: int, today=None
) -> ExchangeSlot:
    """The host changes the day. Raises ValidationError (nothing changed) for a past date, fewer places
    than visitors accepted, or a new date once visitors were accepted (their placements hold the date)."""
    slot = _locked_slot_for_host(slot, actor)
    accepted = slot.requests.filter(status=ExchangeRequest.Status.ACCEPTED).count()
    if day != slot.date:
        _check_day(day, today)
        if accepted:
            raise ValidationError(
                _("Visitors were accepted for this day; withdraw it and publish a new one to move it."), code="moved"
            )
    if places < max(accepted, 1):
        raise ValidationError(
            ngettext(
                "Offer at least %(count)d place: that many visitors were accepted.",
                "Offer at least %(count)d places: that many visitors were accepted.",
                max(accepted, 1),
            )
            % {"count": max(accepted, 1)},
            code="places",
        )
    before = {"date": slot.date.isoformat(), "place": slot.place, "places": slot.assignment.capacity}
    Assignment.objects.filter(pk=slot.assignment_id).update(
        description=description, capacity=places, available_from=day, available_until=day
    )
    slot.date, slot.place = day, place
    slot.save(update_fields=["date", "place"])
    after = {"date": day.isoformat(), "place": place, "places": places}
    audit_log(actor=actor, action="exchange_slot.updated", instance=slot, changes={"before": before, "after": after})
    return slot


@transaction.atomic
def exchange_slot_withdraw(*, slot: ExchangeSlot, actor, message: str = "") -> ExchangeSlot:
    """The host stops offering the day: open requests are declined with the host's message (and the
    visitors told). Raises ValidationError when visitors were accepted already (their day is agreed)."""
    slot = _locked_slot_for_host(slot, actor)
    if slot.requests.filter(status=ExchangeRequest.Status.ACCEPTED).exists():
        raise ValidationError(
            _("Visitors were accepted for this day; contact them before anything else."), code="accepted"
        )
    slot.withdrawn_at = timezone.now()
    slot.save(update_fields=["withdrawn_at"])
    pending = list(
        slot.requests.filter(status=ExchangeRequest.Status.PENDING).select_related("participant__professional__user")
    )
    ExchangeRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=ExchangeRequest.Status.DECLINED, decision_message=message
    )
    audit_log(actor=actor, action="exchange_slot.withdrawn", instance=slot, changes={"declined": len(pending)})
    for request in pending:
        request.status, request.decision_message, request.slot = ExchangeRequest.Status.DECLINED, message, slot
        _notify(
            kind="exchange.declined",
            request=request,
            recipient=request.participant.professional.user,
            template="exchange_declined",
        )
    return slot


@transaction.atomic
def exchange_request_create(
    *, participant: ExchangeParticipant, slot: ExchangeSlot, message: str = "", today=None
) -> ExchangeRequest:
    """A professional asks for a place on another organisation's day; the host is e-mailed.

    Raises ValidationError (nothing stored) for another programme's, a withdrawn, a past, one's own
    organisation's or a full day, and for a second request for the same day."""
    slot = ExchangeSlot.objects.select_for_update().select_related("assignment__unit__organisation").get(pk=slot.pk)
    if slot.assignment.programme_id != participant.programme_id:
        raise ValidationError(_("This exchange day belongs to another programme."), code="programme")
    if slot.withdrawn_at is not None:
        raise ValidationError(_("This exchange day was withdrawn by the host."), code="withdrawn")
    if slot.date < (today or timezone.localdate()):
        raise ValidationError(_("This exchange day has passed; choose a day from today onwards."), code="past")
    if slot.assignment.unit.organisation_id == participant.professional.organisation_id:
        raise ValidationError(_("You cannot request an exchange day at your own organisation."), code="own")
    taken = slot.requests.filter(status=ExchangeRequest.Status.ACCEPTED).count()
    if taken >= slot.assignment.capacity:
        raise ValidationError(_("This exchange day is full."), code="full")
    if slot.requests.filter(participant=participant).exists():
        raise ValidationError(_("You have already requested this exchange day."), code="duplicate")
    request = ExchangeRequest.objects.create(slot=slot, participant=participant, message=message)
    hosts = {slot.published_by}
    if slot.assignment.default_supervisor_id is not None:  # the host who receives the visitor, if another
        hosts.add(slot.assignment.default_supervisor.user)
    for host in sorted(hosts, key=lambda user: user.pk):
        _notify(kind="exchange.requested", request=request, recipient=host, template="exchange_requested")
    return request


@transaction.atomic
def exchange_request_decide(*, request: ExchangeRequest, actor, accept: bool, message: str = "") -> ExchangeRequest:
    """The host (or the host organisation's coordinator) accepts, creating the one-day placement, or declines,
    with a message; audited. The placement's person is the professional's bare Student row (made now if
    need be: a Placement always has one), not a student's profile."""
    request = (
        ExchangeRequest.objects.select_for_update()
        .select_related("slot__assignment__unit__organisation", "participant__professional__user")
        .get(pk=request.pk)
    )
    if not slot_is_hosted_by(slot=request.slot, user=actor):
        raise PermissionDenied
    if request.status != ExchangeRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."), code="decided")
    if accept:
        slot = request.slot
        holder, _created = Student.objects.get_or_create(user=request.participant.professional.user)
        request.placement = placement_create(
            student=holder,
            assignment=slot.assignment,
            start_date=slot.date,
            end_date=slot.date,
            actor=actor,
            check_supervisor_load=False,
        )
    request.status = ExchangeRequest.Status.ACCEPTED if accept else ExchangeRequest.Status.DECLINED
    request.decision_message = message
    request.save(update_fields=["status", "decision_message", "placement"])
    audit_log(actor=actor, action=f"exchange_request.{request.status}", instance=request, changes={"message": message})
    _notify(
        kind=f"exchange.{request.status}",
        request=request,
        recipient=request.participant.professional.user,
        template=f"exchange_{request.status}",
    )
    return request


def exchange_reflection_open(*, request: ExchangeRequest, user, today=None) -> EvaluationRequest:
    """The person's reflection on an exchange day that took place: the evaluation request of the one-day
    placement (created now if the daily dispatch has not done so yet). Raises ValidationError before the
    day, or when the person is neither the visitor nor the host who received them."""
    today = today or timezone.localdate()
    if request.status != ExchangeRequest.Status.ACCEPTED or request.slot.date > today:
        raise ValidationError(_("You can reflect once the exchange day has taken place."), code="early")
    requests = evaluation_requests_ensure(placement=request.placement, actor=user, today=today)
    mine = next((r for r in requests if r.respondent_id == user.pk), None)
    if mine is None:
        raise ValidationError(
            _("Only the visitor and the host who received them write a reflection on this day."), code="respondent"
        )
    return mine


def exchange_days_complete(*, today: date | None = None) -> int:
    """Mark the one-day placements of exchange days that have passed as completed, so the daily evaluation
    dispatch asks the visitor and the host for their reflection. The rows are locked, audited as the
    system's `placement.completed` and updated by id: safe to run twice. Returns the count."""
    today = today or timezone.localdate()
    planned, completed = Placement.Status.PLANNED, Placement.Status.COMPLETED
    visits = ExchangeRequest.objects.filter(status=ExchangeRequest.Status.ACCEPTED).values("placement_id")
    with transaction.atomic():
        passed = list(
            Placement.objects.select_for_update(of=("self",))
            .filter(status=planned, end_date__lt=today, pk__in=visits)
            .select_related("student__user", "assignment__unit")
        )
        audit_log_many(
            actor=None,
            action=f"placement.{completed}",
            model=Placement,
            entries=[(p.pk, {"status": [planned, completed]}, str(p)) for p in passed],
        )
        return Placement.objects.filter(pk__in=[p.pk for p in passed]).update(status=completed)


@transaction.atomic
def exchange_participant_add(*, programme: Programme, professional: Professional, actor=None) -> ExchangeParticipant:
    """The professional takes part in the exchange programme (for their organisation); audited. Raises
    ValidationError for a programme that is no exchange or a second participation."""
    if programme.kind != Programme.Kind.EXCHANGE:
        raise ValidationError(_("Professionals take part in exchange programmes only."), code="kind")
    if ExchangeParticipant.objects.filter(programme=programme, professional=professional).exists():
        raise ValidationError(_("This professional takes part in this programme already."), code="twice")
    participant = ExchangeParticipant.objects.create(programme=programme, professional=professional)
    audit_log(
        actor=actor,
        action="exchange_participant.added",
        instance=participant,
        changes={"programme": programme.name, "organisation": professional.organisation.name},
    )
    return participant


def exchange_unit_create(*, coordination: ExchangeCoordinator, name: str, address: str = "", actor):
    """The coordinator adds a team to their own organisation (organisations.services.unit_create: its
    ValidationError for an empty or taken name)."""
    return unit_create(organisation=coordination.organisation, name=name, address=address, actor=actor)


def exchange_host_invite(*, coordination: ExchangeCoordinator, unit, name: str, email: str, actor):
    """The coordinator invites a host: a new person with a supervisor profile in one of their own
    organisation's teams, e-mailed an invitation. Raises ValidationError for a team of another
    organisation or an address that has an account already."""
    if unit.organisation_id != coordination.organisation_id:
        raise ValidationError(_("Choose a team of your own organisation."), code="unit")
    return invitation_create(actor=actor, name=name, email=email, role="supervisor", unit=unit)
