"""Who may see and decide what in exchanges (outside one's scope: 404), written once.

A day is hosted by whoever published it, a supervisor of the day's unit (not every supervisor elsewhere in the
host organisation: another unit's visitors are not theirs to see or decide on), a coordinator of
the host organisation in the day's programme, or a leader of the programme (administrators: every day); a
visitor sees the days of the exchange programmes they take part in.

A coordinator sees their own organisation's people (its hosts, its professionals in the programme), its
units and days, the requests to those days and so the names of the visitors coming to it; nothing of another
organisation's people beyond that.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from organisations.models import Unit
from programmes.access import programmes_for_user
from programmes.models import ExchangeCoordinator, Supervisor

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot

ACCEPTED = ExchangeRequest.Status.ACCEPTED


def participations(user) -> QuerySet[ExchangeParticipant]:
    """The person's places as a professional (visitor) in exchange programmes."""
    return ExchangeParticipant.objects.filter(professional__user=user).select_related(
        "professional__organisation", "programme"
    )


def coordinations(user) -> QuerySet[ExchangeCoordinator]:
    """The organisations (per exchange programme) whose part the person coordinates."""
    if not user.is_authenticated:
        return ExchangeCoordinator.objects.none()
    return ExchangeCoordinator.objects.filter(user=user).select_related("organisation", "programme")


def coordination_get_for_user(*, user, pk) -> ExchangeCoordinator:
    return get_object_or_404(coordinations(user), pk=pk)


def _coordinates(user, *, organisation: str, programme: str) -> Exists:
    """Whether the person coordinates the organisation and programme at these lookup paths of the outer row."""
    return Exists(
        ExchangeCoordinator.objects.filter(
            user=user, organisation=OuterRef(organisation), programme=OuterRef(programme)
        )
    )


def host_scope(user) -> QuerySet[ExchangeSlot]:
    """The days the person hosts."""
    if user.is_superuser:
        return ExchangeSlot.objects.all()
    coordinated = _coordinates(user, organisation="assignment__unit__organisation", programme="assignment__programme")
    return ExchangeSlot.objects.filter(
        Q(published_by=user)
        | Q(assignment__unit__supervisors__user=user)
        | Q(assignment__programme__in=programmes_for_user(user).values("pk"))
        | coordinated
    ).distinct()


def slot_is_hosted_by(*, slot: ExchangeSlot, user) -> bool:
    return host_scope(user).filter(pk=slot.pk).exists()


def slots_with_taken(slots: QuerySet[ExchangeSlot]) -> QuerySet[ExchangeSlot]:
    """The days with their accepted visits counted (`taken`) and what their pages show of them."""
    return slots.select_related("assignment__unit__organisation", "assignment__programme").annotate(
        taken=Count("requests", filter=Q(requests__status=ACCEPTED))
    )


def slot_get_for_visitor(*, user, public_id) -> tuple[ExchangeSlot, ExchangeParticipant]:
    """A day of one of the person's exchange programmes and their participation in it, else 404."""
    slot = get_object_or_404(slots_with_taken(ExchangeSlot.objects.all()), public_id=public_id)
    participant = get_object_or_404(participations(user), programme=slot.assignment.programme_id)
    return slot, participant


def slot_get_for_host(*, user, public_id) -> ExchangeSlot:
    # Through a subquery: the scope's joins (units x supervisors) would multiply the accepted count.
    slots = ExchangeSlot.objects.filter(pk__in=host_scope(user).values("pk"))
    return get_object_or_404(slots_with_taken(slots), public_id=public_id)


_REQUEST_RELATED = ("slot__assignment__unit__organisation", "participant__professional__user", "placement")


def request_get_for_host(*, user, pk: int) -> ExchangeRequest:
    return get_object_or_404(
        ExchangeRequest.objects.filter(slot__in=host_scope(user).values("pk")).select_related(*_REQUEST_RELATED),
        pk=pk,
    )


def request_get_for_person(*, user, pk: int) -> ExchangeRequest:
    """A request the person made or hosts (for their reflection), else 404."""
    return get_object_or_404(
        ExchangeRequest.objects.filter(
            Q(participant__professional__user=user) | Q(slot__in=host_scope(user).values("pk"))
        ).select_related(*_REQUEST_RELATED),
        pk=pk,
    )


def coordinator_units(user) -> QuerySet[Unit]:
    """The units of the organisations the person coordinates (where their hosts receive visitors)."""
    organisations = coordinations(user).values("organisation")
    return Unit.objects.filter(organisation__in=organisations).select_related("organisation")


def coordinator_hosts(user) -> QuerySet[Supervisor]:
    """The hosts the person coordinates: supervisors in a unit of an organisation they coordinate."""
    return Supervisor.objects.filter(
        pk__in=Supervisor.units.through.objects.filter(unit__in=coordinator_units(user).values("pk")).values(
            "supervisor_id"
        )
    )
