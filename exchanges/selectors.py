from django.db.models import Count

from placements.selectors import programmes_led_by

from .models import ExchangeRequest


def exchange_matrix(*, user) -> list[dict]:
    """Exchanges that took place (accepted), counted per visiting and host organisation in SQL."""
    return list(
        ExchangeRequest.objects.filter(
            status=ExchangeRequest.Status.ACCEPTED, slot__assignment__programme__in=programmes_led_by(user).values("pk")
        )
        .values("participant__organisation__name", "slot__assignment__unit__organisation__name")
        .annotate(count=Count("pk"))
        .order_by("participant__organisation__name", "slot__assignment__unit__organisation__name")
    )
