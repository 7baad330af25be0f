"""The check runs in the worker with progress; a job whose enqueue failed or whose worker died is told
apart from a running one and queued again by the sweep; nothing is written twice."""

import io
import logging
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError

from imports import services, tasks
from imports.models import ImportJob

from .conftest import counts

NEW = reverse("imports:import_new")


def _units_file(n=3):
    return SimpleUploadedFile("units.csv", ("naam\n" + "".join(f"Team {i}\n" for i in range(n))).encode())


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_the_request_stores_the_file_and_the_worker_checks_it_with_progress(client, world, monkeypatch):
    client.force_login(world.leader)
    monkeypatch.setattr("imports.validation.PROGRESS_EVERY", 2)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(NEW, {"programme": world.programme.pk, "kind": "units", "file": _units_file(5)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == ImportJob.State.CHECKING and len(callbacks) == 1
    page = client.get(reverse("imports:import_progress", args=[job.public_id])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Being checked" in page
    ImportJob.objects.filter(pk=job.pk).update(checked=2, total=6)
    page = client.get(reverse("imports:import_progress", args=[job.public_id])).content.decode()
    assert "2 of about 6 rows checked" in page
    ImportJob.objects.filter(pk=job.pk).update(checked=0, total=0)
    reports = []
    real = services.import_check

    def watched(**kwargs):
        progress = kwargs["progress"]
        kwargs["progress"] = lambda rows, estimated: (reports.append((rows, estimated)), progress(rows, estimated))
        return real(**kwargs)

    monkeypatch.setattr(services, "import_check", watched)
    callbacks[0]()
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALID and job.checked == job.total == 5
    assert reports == [(2, 6), (4, 6)]  # every PROGRESS_EVERY rows, against the lines the file holds
    response = client.get(reverse("imports:import_progress", args=[job.public_id]))
    assert response["HX-Refresh"] == "true"  # the page reloads to show the preview


def test_a_failing_broker_after_commit_is_logged_never_a_500_and_the_sweep_queues_it(
    client, world, monkeypatch, caplog, time_machine
):
    client.force_login(world.leader)
    monkeypatch.setattr(tasks.import_check_file, "delay", _broker_down)
    with caplog.at_level(logging.ERROR, logger="imports.services"), TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(NEW, {"programme": world.programme.pk, "kind": "units", "file": _units_file()})
    assert response.status_code == 302
    assert "the sweep will queue it again" in caplog.text
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.CHECKING
    assert not services.import_job_stalled(job)
    assert services.import_jobs_sweep() == 0  # not stalled yet
    time_machine.move_to(timezone.now() + services.STALL_AFTER + timedelta(seconds=1))
    job.refresh_from_db()
    assert services.import_job_stalled(job)
    assert (
        "shows no progress for some minutes"
        in client.get(reverse("imports:import_detail", args=[job.public_id])).content.decode()
    )
    monkeypatch.undo()
    assert services.import_jobs_sweep() == 1  # the broker is back: queued again (eager here: checked at once)
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALID
    assert services.import_jobs_sweep() == 0


def test_pressing_import_with_the_broker_down_leaves_the_job_queued_for_the_sweep(client, world, monkeypatch, caplog):
    job = services.import_job_create(actor=world.leader, programme=world.programme, kind="units", upload=_units_file())
    client.force_login(world.leader)
    monkeypatch.setattr(tasks.import_apply, "delay", _broker_down)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("imports:import_apply", args=[job.public_id]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and "enqueueing" in caplog.text


def _running_job(world, *, minutes_ago: int) -> ImportJob:
    """A job whose apply started `minutes_ago` (its transaction wrote nothing visible)."""
    job = services.import_job_create(actor=world.leader, programme=world.programme, kind="units", upload=_units_file())
    started = timezone.now() - timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, started_at=started, heartbeat_at=started)
    job.refresh_from_db()
    return job


def test_a_worker_killed_while_applying_is_stalled_and_the_sweep_applies_the_job_once(client, world):
    job = _running_job(world, minutes_ago=60)  # "Bezig met importeren 2200 van 20000" for an hour
    cache.set(services.progress_key(job.pk), 2, 3600)
    assert services.import_job_stalled(job)
    client.force_login(world.leader)
    page = client.get(reverse("imports:import_detail", args=[job.public_id])).content.decode()
    assert "shows no progress for some minutes" in page
    before = counts()
    assert services.import_jobs_sweep() == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.done == 3
    assert counts()["units"] == before["units"] + 3
    assert services.import_jobs_sweep() == 0


def test_a_redelivered_task_takes_over_a_dead_run_but_never_a_live_one(world):
    live = _running_job(world, minutes_ago=1)
    cache.set(services.heartbeat_key(live.pk), timezone.now(), 3600)
    assert not services.import_job_stalled(live)
    assert services.import_job_run(job_id=live.pk) is None  # alive: left alone
    assert services.import_jobs_sweep() == 0
    dead = _running_job(world, minutes_ago=30)
    assert services.import_job_run(job_id=dead.pk).state == ImportJob.State.DONE


def test_setup_portal_schedules_the_sweep_every_few_minutes_once(db):
    call_command("setup_portal", stdout=io.StringIO())
    call_command("setup_portal", stdout=io.StringIO())
    (sweep,) = PeriodicTask.objects.filter(task="imports.tasks.sweep_import_jobs").select_related("interval")
    assert sweep.interval.every == 5 and sweep.interval.period == "minutes" and sweep.enabled


@pytest.mark.parametrize("state", ["valid", "done", "failed", "invalid"])
def test_a_finished_or_waiting_job_is_never_stalled(world, state, time_machine):
    job = services.import_job_create(actor=world.leader, programme=world.programme, kind="units", upload=_units_file())
    ImportJob.objects.filter(pk=job.pk).update(state=state)
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    job.refresh_from_db()
    assert not services.import_job_stalled(job)
    assert services.import_jobs_sweep() == 0
