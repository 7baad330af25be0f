from celery import shared_task

from .services import APPLY_TIME_LIMIT, CHECK_TIME_LIMIT, import_job_check, import_job_run


@shared_task(acks_late=True, ignore_result=True, time_limit=CHECK_TIME_LIMIT, soft_time_limit=CHECK_TIME_LIMIT - 30)
def import_check_file(job_id: int) -> None:
    """Check every row of an uploaded file, with progress on the job. Takes the id; safe to run twice."""
    import_job_check(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True, time_limit=APPLY_TIME_LIMIT, soft_time_limit=APPLY_TIME_LIMIT - 60)
def import_apply(job_id: int) -> None:
    """Apply a checked import (all rows or none). Takes the id, re-reads the job; safe to run twice."""
    import_job_run(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def purge_import_files() -> int:
    """Daily: delete the files of checked imports that were never applied (they hold personal data)."""
    from .services import import_files_purge

    return import_files_purge()


@shared_task(acks_late=True, ignore_result=True)
def sweep_import_jobs() -> int:
    """Every few minutes: queue again the imports whose worker died or whose enqueue failed."""
    from .services import import_jobs_sweep

    return import_jobs_sweep()
