from celery import shared_task
from django.utils import timezone

from .reminders import rotation_reminders_send


@shared_task(acks_late=True, ignore_result=True)
def send_rotation_reminders(today: str | None = None) -> int:
    """Daily: queue the rotation reminders due today (each sent once, after commit). Safe to run twice."""
    day = timezone.localdate() if today is None else timezone.datetime.fromisoformat(today).date()
    return rotation_reminders_send(today=day).total
