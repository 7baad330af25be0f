from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def retention_anonymise_daily() -> int:
    """Daily: anonymise people whose programmes ended longer ago than their retention period."""
    return services.retention_anonymise(today=timezone.localdate())
