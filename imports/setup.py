"""The sweep of stalled imports, scheduled by `manage.py setup_portal` every few minutes (idempotent).

An interval, not one of the daily crontab entries: a stalled import should move again within minutes.
Created only when no entry of its name exists, so an administrator's change in the admin stays.
"""

from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.hooks import setup_steps

SWEEP_NAME = "Stalled imports queued again"
SWEEP_TASK = "imports.tasks.sweep_import_jobs"
SWEEP_EVERY_MINUTES = 5


@setup_steps.register
def run() -> None:
    if PeriodicTask.objects.filter(name=SWEEP_NAME).exists():
        return
    every, _ = IntervalSchedule.objects.get_or_create(every=SWEEP_EVERY_MINUTES, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name=SWEEP_NAME, task=SWEEP_TASK, interval=every)
