"""Who may see and decide what in exchanges (outside one's scope: 404), written once.

A day is hosted by whoever published it, a supervisor in a unit of the host organisation, or a leader of
the programme (administrators: every day); a visitor sees the days of the exchange programmes they take
part in.
"""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from programmes.access import programmes_for_user

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot

ACCEPTED = ExchangeRequest.Status.ACCEPTED


def participations(user) -> QuerySet[ExchangeParticipant]:
    """The person's places as a professional (visitor) in exchange programmes."""
    return ExchangeParticipant.objects.filter(student__user=user).select_related("organisation", "programme")


def host_scope(user) -> QuerySet[ExchangeSlot]:
    """The days the person hosts."""
    if user.is_superuser:
        return ExchangeSlot.objects.all()
    return ExchangeSlot.objects.filter(
        Q(published_by=user)
        | Q(assignment__unit__organisation__units__supervisors__user=user)
        | Q(assignment__programme__in=programmes_for_user(user).values("pk"))
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


def request_get_for_host(*, user, pk: int) -> ExchangeRequest:
    return get_object_or_404(
        ExchangeRequest.objects.filter(slot__in=host_scope(user).values("pk")).select_related(
            "slot__assignment__unit", "participant__student__user"
        ),
        pk=pk,
    )


def request_get_for_person(*, user, pk: int) -> ExchangeRequest:
    """A request the person made or hosts (for their reflection), else 404."""
    return get_object_or_404(
        ExchangeRequest.objects.filter(
            Q(participant__student__user=user) | Q(slot__in=host_scope(user).values("pk"))
        ).select_related("slot__assignment__unit", "participant__student__user", "placement"),
        pk=pk,
    )
