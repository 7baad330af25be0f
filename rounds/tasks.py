from datetime import date

from celery import shared_task
from django.utils import timezone

from .models import MatchingRun
from .reminders import rotation_reminders_send
from .services import matching_run_process, matching_runs_sweep


@shared_task(acks_late=True, ignore_result=True)
def send_rotation_reminders(today: str | None = None) -> int:
    """Daily: queue the rotation reminders due today (each sent once, after commit). Safe to run twice."""
    day = timezone.localdate() if today is None else date.fromisoformat(today)
    return rotation_reminders_send(today=day).total


@shared_task(
    acks_late=True,
    ignore_result=True,
    time_limit=MatchingRun.TIME_LIMIT,
    soft_time_limit=MatchingRun.SOFT_TIME_LIMIT,
)
def matching_run_execute(run_id: int) -> None:
    """A leader's "Run matching": match the round and store the proposal. Takes the run's id and claims it
    (queued -> running), so a task delivered twice does nothing."""
    matching_run_process(run_id=run_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_matching_runs() -> int:
    """Every OUTBOX_SWEEP_SECONDS (beat): hand the runs whose broker message was lost to a worker again."""
    return matching_runs_sweep()
