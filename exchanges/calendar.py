"""Hook for the iCal feed (accounts.calendar): the exchange days a person visits or hosts."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.hooks import CalendarEvent, calendar_events

from .models import ExchangeRequest


@calendar_events.register
def events(user) -> list[CalendarEvent]:
    """One event per accepted visit: the visitor's own, and every visitor the person hosts."""
    requests = (
        ExchangeRequest.objects.filter(status=ExchangeRequest.Status.ACCEPTED, slot__withdrawn_at__isnull=True)
        # The host: who published the day, and the supervisor of the one-day placement (leaders are left out).
        .filter(
            Q(participant__professional__user=user) | Q(slot__published_by=user) | Q(placement__supervisor__user=user)
        )
        .select_related("slot__assignment__unit__organisation", "participant__professional__user")
        .order_by("slot__date", "pk")
    )
    found = []
    for request in requests:
        slot = request.slot
        if request.participant.professional.user_id == user.pk:
            summary = _("Exchange day: %(organisation)s") % {"organisation": slot.assignment.unit.organisation.name}
            uid = f"exchange-visit-{slot.public_id}-{request.pk}"
        else:
            summary = _("Exchange visitor: %(name)s") % {"name": request.participant.professional.user.name}
            uid = f"exchange-host-{slot.public_id}-{request.pk}"
        found.append(CalendarEvent(uid, summary, slot.date, slot.date, slot.place, slot.assignment.description))
    return found
