"""A person's exchange participations, requests (with their motivation) and hosted days, for the export
and erasure. Requests stay on erasure (the leaders' matrix counts them) without the texts."""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot


@personal_data_exports.register
def export(user) -> dict:
    participations = ExchangeParticipant.objects.filter(student__user=user).select_related("programme", "organisation")
    requests = ExchangeRequest.objects.filter(participant__student__user=user).select_related(
        "slot__assignment__unit__organisation"
    )
    slots = ExchangeSlot.objects.filter(published_by=user).select_related("assignment__unit")
    return {
        "exchange_participations": [
            {"programme": p.programme.name, "organisation": p.organisation.name} for p in participations
        ],
        "exchange_requests": [
            {
                "date": plain_value(r.slot.date),
                "host": r.slot.assignment.unit.organisation.name,
                "message": r.message,
                "status": r.status,
                "decision_message": r.decision_message,
                "created_at": plain_value(r.created_at),
            }
            for r in requests.order_by("created_at")
        ],
        "exchange_days_published": [
            {"date": plain_value(s.date), "unit": str(s.assignment.unit), "place": s.place} for s in slots
        ],
    }


@personal_data_erasures.register
def erase(user) -> None:
    ExchangeRequest.objects.filter(participant__student__user=user).update(message="", decision_message="")
