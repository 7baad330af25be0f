"""Reads of the exchange domain for the person's pages; what they may see is decided in exchanges.access."""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from evaluations.models import Answer, EvaluationRequest
from organisations.models import Organisation, Unit
from programmes.access import programmes_for_user
from programmes.models import Programme, Supervisor

from .access import coordinator_units, host_scope, slots_with_taken
from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot

ACCEPTED = ExchangeRequest.Status.ACCEPTED


def open_slots(*, user, today: date, day_from: date | None = None, organisation=None) -> QuerySet[ExchangeSlot]:
    """Days on offer in the person's exchange programmes, from today on, with the accepted count and
    whether the person asked already; optionally from a date and at one host organisation."""
    mine = ExchangeRequest.objects.filter(slot=OuterRef("pk"), participant__professional__user=user)
    slots = ExchangeSlot.objects.filter(
        assignment__programme__exchange_participants__professional__user=user,
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
        units__assignments__programme__exchange_participants__professional__user=user,
    ).distinct()


def hosted_slots(*, user) -> QuerySet[ExchangeSlot]:
    """The days the person hosts, newest first, with their requests and requesters prefetched."""
    requests = ExchangeRequest.objects.select_related(
        "participant__professional__user", "participant__professional__organisation"
    )
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
        ExchangeRequest.objects.filter(participant__professional__user=user)
        .select_related("slot__assignment__unit__organisation", "placement")
        .order_by("slot__date", "pk")
    )
    return _with_my_reflection(requests, user)


def hosted_visits(*, user) -> QuerySet[ExchangeRequest]:
    """The accepted visitors on days the person hosts, by date, with the person's reflection if any."""
    requests = (
        ExchangeRequest.objects.filter(status=ACCEPTED, slot__in=host_scope(user).values("pk"))
        .select_related(
            "slot__assignment__unit",
            "participant__professional__user",
            "participant__professional__organisation",
            "placement",
        )
        .order_by("slot__date", "pk")
    )
    return _with_my_reflection(requests, user)


def host_units(*, user) -> QuerySet[Unit]:
    """Units where the person can host: their supervisor units whose organisation takes part in an
    exchange programme (a professional of it takes part), and the units of the organisations they coordinate."""
    taking_part = Q(
        supervisors__user=user,
        organisation__professionals__exchange_participations__programme__kind=Programme.Kind.EXCHANGE,
    )
    coordinated = Q(pk__in=coordinator_units(user).values("pk"))
    return Unit.objects.filter(taking_part | coordinated).select_related("organisation").distinct()


def host_programmes(*, user) -> QuerySet[Programme]:
    """Exchange programmes the person can publish in: those their host organisations take part in and those
    they coordinate an organisation in."""
    return Programme.objects.filter(
        Q(exchange_participants__professional__organisation__units__supervisors__user=user)
        | Q(coordinator_grants__user=user),
        kind=Programme.Kind.EXCHANGE,
    ).distinct()


def exchange_matrix(*, user) -> list[dict]:
    """Exchanges that took place (accepted), counted per visiting and host organisation in SQL."""
    return list(
        ExchangeRequest.objects.filter(
            status=ExchangeRequest.Status.ACCEPTED,
            slot__assignment__programme__in=programmes_for_user(user).values("pk"),
        )
        .values(
            visitor=F("participant__professional__organisation__name"),
            host=F("slot__assignment__unit__organisation__name"),
        )
        .annotate(count=Count("pk"))
        .order_by("visitor", "host")
    )


def coordination_units(*, coordination) -> list[Unit]:
    """The coordinated organisation's teams, each with its hosts (supervisors) and their names."""
    hosts = Supervisor.objects.select_related("user").order_by("user__name")
    return list(
        Unit.objects.filter(organisation=coordination.organisation_id)
        .prefetch_related(Prefetch("supervisors", queryset=hosts))
        .order_by("name")
    )


def coordination_professionals(*, coordination) -> QuerySet[ExchangeParticipant]:
    """The organisation's own professionals in the programme (who may visit other organisations)."""
    return (
        ExchangeParticipant.objects.filter(
            programme=coordination.programme_id, professional__organisation=coordination.organisation_id
        )
        .select_related("professional__user")
        .order_by("professional__user__name")
    )


def coordination_visits(*, coordination) -> QuerySet[ExchangeRequest]:
    """The visitors the organisation received or will receive in the programme (accepted requests to its
    days), by date, each placement with its reflections (both sides) for their state."""
    reflections = EvaluationRequest.objects.order_by("audience")
    return (
        ExchangeRequest.objects.filter(
            status=ACCEPTED,
            slot__assignment__programme=coordination.programme_id,
            slot__assignment__unit__organisation=coordination.organisation_id,
        )
        .select_related(
            "slot__assignment__unit", "participant__professional__user", "participant__professional__organisation"
        )
        .prefetch_related(Prefetch("placement__evaluation_requests", queryset=reflections, to_attr="reflections"))
        .order_by("-slot__date", "pk")
    )


def visit_reflections(*, request: ExchangeRequest) -> list[EvaluationRequest]:
    """The submitted reflections on one visit (the visitor's first: "student" sorts before "supervisor")."""
    answers = Answer.objects.select_related("question").order_by("question__position", "question_id")
    return list(
        EvaluationRequest.objects.filter(placement=request.placement_id, state=EvaluationRequest.State.SUBMITTED)
        .select_related("respondent", "moment")
        .prefetch_related(Prefetch("response__answers", queryset=answers))
        .order_by("audience", "moment__position")
    )


def organisation_counts(*, programme_ids: list[int]) -> dict[int, dict]:
    """Per exchange programme: its professionals (deelnemers) and their organisations, in one query."""
    rows = (
        ExchangeParticipant.objects.filter(programme__in=programme_ids)
        .values("programme")
        .annotate(professionals=Count("pk"), organisations=Count("professional__organisation", distinct=True))
    )
    return {row["programme"]: row for row in rows}


def exchange_programmes(*, user) -> QuerySet[Programme]:
    """The exchange programmes the person leads, with their professionals (deelnemers) and organisations."""
    return (
        programmes_for_user(user)
        .filter(kind=Programme.Kind.EXCHANGE)
        .annotate(
            professionals=Count("exchange_participants", distinct=True),
            organisations=Count("exchange_participants__professional__organisation", distinct=True),
        )
    )
