"""The daily retention job in the default schedule, created by `manage.py setup_portal` (idempotent)."""

from django_celery_beat.models import CrontabSchedule, PeriodicTask

NAME = "Personal data retention"
TASK = "privacy.tasks.retention_anonymise_daily"


def run() -> None:
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="45",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Amsterdam",
    )
    PeriodicTask.objects.update_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab})
