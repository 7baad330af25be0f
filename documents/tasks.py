from celery import shared_task
from django.utils import timezone

from .services import documents_warn_expiring


@shared_task(acks_late=True)
def warn_expiring_documents() -> int:
    """Daily: warn leaders of documents that expire within 30 days (idempotent per document and date)."""
    return documents_warn_expiring(today=timezone.localdate())
