"""The default schedule of the daily jobs, created by `manage.py setup_portal` (idempotent).

An entry is created only when no entry of its name exists: what an administrator changed in the admin
afterwards (its time, whether it is enabled) stays as it is when `make run` runs setup_portal again.
"""

from django.conf import settings
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from core.hooks import setup_steps

TIME_ZONE = "Europe/Amsterdam"

DEFAULT_SCHEDULE = [
    # (entry name, task name, hour, minute)
    ("Placements started and completed", "placements.tasks.advance_placements", 6, 50),  # before the rest
    ("Rotation reminders", "rounds.tasks.send_rotation_reminders", 7, 0),
    ("Exchange days completed", "exchanges.tasks.complete_exchange_days", 7, 5),  # before the dispatch
    ("Evaluation dispatch", "evaluations.tasks.dispatch_evaluations", 7, 10),
    ("Evaluation reminders", "evaluations.tasks.send_evaluation_reminders", 7, 20),
    ("Late hours reminders", "hours.tasks.send_late_week_reminders", 7, 30),
    ("Evaluation expiry", "evaluations.tasks.expire_evaluations", 0, 30),
    ("Retention of personal data", "privacy.tasks.retention_anonymise_daily", 2, 0),
    ("Unapplied import files purged", "imports.tasks.purge_import_files", 3, 0),
]

# The sweeps, every OUTBOX_SWEEP_SECONDS: they hand to a worker again what a lost broker message or a
# lost worker left waiting (the rows are the outbox; see notifications.services.notifications_sweep).
SWEEPS = [
    # (entry name, task name)
    ("Outbox sweep: unsent messages", "notifications.tasks.sweep_notifications"),
    ("Outbox sweep: matching runs", "rounds.tasks.sweep_matching_runs"),
]


@setup_steps.register
def run() -> None:
    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    if missing := [(name, task) for name, task in SWEEPS if name not in existing]:
        every, _ = IntervalSchedule.objects.get_or_create(
            every=settings.OUTBOX_SWEEP_SECONDS, period=IntervalSchedule.SECONDS
        )
        for name, task in missing:
            PeriodicTask.objects.create(name=name, task=task, interval=every)
    for name, task, hour, minute in DEFAULT_SCHEDULE:
        if name in existing:
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=TIME_ZONE,
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
