"""A person's professional profile, coordinator grants, exchange participations, requests (with their
motivation) and hosted days, for the export and erasure. Requests stay on erasure (the leaders' matrix
counts them) without the texts; the professional profile stays (its organisation counts) without the job
title; coordinator grants end."""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports
from programmes.models import ExchangeCoordinator, Professional

from .models import ExchangeParticipant, ExchangeRequest, ExchangeSlot


@personal_data_exports.register
def export(user) -> dict:
    participations = ExchangeParticipant.objects.filter(professional__user=user).select_related(
        "programme", "professional__organisation"
    )
    professional = Professional.objects.filter(user=user).select_related("organisation").first()
    grants = ExchangeCoordinator.objects.filter(user=user).select_related("programme", "organisation")
    requests = ExchangeRequest.objects.filter(participant__professional__user=user).select_related(
        "slot__assignment__unit__organisation"
    )
    slots = ExchangeSlot.objects.filter(published_by=user).select_related("assignment__unit")
    return {
        "professional": professional
        and {"organisation": professional.organisation.name, "job_title": professional.job_title},
        "exchange_coordinator_of": [
            {"programme": g.programme.name, "organisation": g.organisation.name, "since": plain_value(g.created_at)}
            for g in grants
        ],
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
    ExchangeRequest.objects.filter(participant__professional__user=user).update(message="", decision_message="")
    Professional.objects.filter(user=user).update(job_title="")
    ExchangeCoordinator.objects.filter(user=user).delete()
