from datetime import date

from celery import shared_task
from django.utils import timezone

from .reminders import late_week_reminders_send


@shared_task(acks_late=True, ignore_result=True)
def send_late_week_reminders(today: str | None = None) -> int:
    """Daily: remind students of weeks whose hours are late (each week once, after commit). Safe to run twice."""
    day = timezone.localdate() if today is None else date.fromisoformat(today)
    return late_week_reminders_send(today=day)
