"""Hook for the iCal feed: the exchange days a person visits or hosts."""

from django.db.models import Q

from .models import ExchangeRequest


def events(user) -> list[dict]:
    requests = ExchangeRequest.objects.filter(status=ExchangeRequest.Status.ACCEPTED).filter(
        Q(participant__student__user=user) | Q(slot__published_by=user)
    )
    return [
        {
            "summary": request.slot.assignment.title,
            "start": request.slot.date,
            "end": request.slot.date,
            "location": request.slot.place,
            "description": request.slot.assignment.description,
            "uid": f"exchange-{request.slot.public_id}-{request.pk}@portal",
        }
        for request in requests.select_related("slot__assignment").order_by("slot__date", "pk")
    ]
