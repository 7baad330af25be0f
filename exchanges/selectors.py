"""Reads of the exchange domain for the person's pages; what they may see is decided in exchanges.access."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from evaluations.models import EvaluationRequest
from organisations.models import Organisation, Unit
from programmes.access import programmes_for_user
from programmes.models import Programme

from .access import host_scope, slots_with_taken
from .models import ExchangeRequest, ExchangeSlot

ACCEPTED = ExchangeRequest.Status.ACCEPTED


def open_slots(*, user, today: date, day_from: date | None = None, organisation=None) -> QuerySet[ExchangeSlot]:
    """Days on offer in the person's exchange programmes, from today on, with the accepted count and
    whether the person asked already; optionally from a date and at one host organisation."""
    mine = ExchangeRequest.objects.filter(slot=OuterRef("pk"), participant__student__user=user)
    slots = ExchangeSlot.objects.filter(
        assignment__programme__exchange_participants__student__user=user,
        withdrawn_at__isnull=True,
        date__gte=max(today, day_from or today),
    )
    if organisation is not None:
        slots = slots.filter(assignment__unit__organisation=organisation)
    return slots_with_taken(slots).annotate(requested=Exists(mine)).order_by("date", "pk")


def slot_organisations(*, user) -> QuerySet[Organisation]:
    """Host organisations to filter the list by: those of the person's exchange programmes."""
    return Organisation.objects.filter(
        units__assignments__exchange_slot__isnull=False,
        units__assignments__programme__exchange_participants__student__user=user,
    ).distinct()


def hosted_slots(*, user) -> QuerySet[ExchangeSlot]:
    """The days the person hosts, newest first, with their requests and requesters prefetched."""
    requests = ExchangeRequest.objects.select_related("participant__student__user", "participant__organisation")
    return (
        slots_with_taken(ExchangeSlot.objects.filter(pk__in=host_scope(user).values("pk")))
        .select_related("published_by")
        .prefetch_related(Prefetch("requests", queryset=requests.order_by("created_at")))
        .order_by("-date", "pk")
    )


def _with_my_reflection(requests: QuerySet[ExchangeRequest], user) -> QuerySet[ExchangeRequest]:
    """Each visit's placement carries `my_reflections`: the person's own evaluation request on it (0 or 1)."""
    mine = EvaluationRequest.objects.filter(respondent=user)
    return requests.prefetch_related(Prefetch("placement__evaluation_requests", mine, to_attr="my_reflections"))


def my_requests(*, user) -> QuerySet[ExchangeRequest]:
    """The person's own requests as a visitor, by date, with their reflection on the day if any."""
    requests = (
        ExchangeRequest.objects.filter(participant__student__user=user)
        .select_related("slot__assignment__unit__organisation", "placement")
        .order_by("slot__date", "pk")
    )
    return _with_my_reflection(requests, user)


def hosted_visits(*, user) -> QuerySet[ExchangeRequest]:
    """The accepted visitors on days the person hosts, by date, with the person's reflection if any."""
    requests = (
        ExchangeRequest.objects.filter(status=ACCEPTED, slot__in=host_scope(user).values("pk"))
        .select_related(
            "slot__assignment__unit", "participant__student__user", "participant__organisation", "placement"
        )
        .order_by("slot__date", "pk")
    )
    return _with_my_reflection(requests, user)


def host_units(*, user) -> QuerySet[Unit]:
    """Units where the person can host: their supervisor units whose organisation takes part in an
    exchange programme (a participant of it works there)."""
    return (
        Unit.objects.filter(
            supervisors__user=user,
            organisation__exchange_participants__programme__kind=Programme.Kind.EXCHANGE,
        )
        .select_related("organisation")
        .distinct()
    )


def host_programmes(*, user) -> QuerySet[Programme]:
    """Exchange programmes the person can publish in: those their host organisations take part in."""
    return Programme.objects.filter(
        kind=Programme.Kind.EXCHANGE,
        exchange_participants__organisation__units__supervisors__user=user,
    ).distinct()


def exchange_matrix(*, user) -> list[dict]:
    """Exchanges that took place (accepted), counted per visiting and host organisation in SQL."""
    return list(
        ExchangeRequest.objects.filter(
            status=ExchangeRequest.Status.ACCEPTED,
            slot__assignment__programme__in=programmes_for_user(user).values("pk"),
        )
        .values("participant__organisation__name", "slot__assignment__unit__organisation__name")
        .annotate(count=Count("pk"))
        .order_by("participant__organisation__name", "slot__assignment__unit__organisation__name")
    )
