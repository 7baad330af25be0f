"""On PostgreSQL a live apply is known by its transaction's lock on the job row: the sweep never takes over
an apply that is still writing, even when its heartbeat is lost (the cache was flushed)."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from imports import services
from imports.models import ImportJob

from ..factories import ProgrammeFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_the_sweep_leaves_a_locked_running_job_alone_and_takes_it_once_the_lock_is_gone():
    programme = ProgrammeFactory()
    upload = SimpleUploadedFile("u.csv", b"naam\nTeam Lock\n")
    job = services.import_job_create(actor=UserFactory(), programme=programme, kind="units", upload=upload)
    long_ago = timezone.now() - timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, started_at=long_ago)
    cache.delete(services.heartbeat_key(job.pk))  # the heartbeat is lost: only the lock tells
    locked, release = threading.Event(), threading.Event()

    def live_apply():
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    worker = threading.Thread(target=live_apply)
    worker.start()
    assert locked.wait(30)
    try:
        assert services.import_jobs_sweep() == 0
        assert services.import_job_run(job_id=job.pk) is None  # a redelivered task waits its turn
    finally:
        release.set()
        worker.join()
    assert services.import_jobs_sweep() == 1  # the "worker" is gone: queued again and applied (eager)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and programme.organisation.units.filter(name="Team Lock").exists()
