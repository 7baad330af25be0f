"""The default schedule is created on install, once, in Amsterdam time, and names every daily job."""

import io

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db


def test_setup_portal_creates_the_daily_jobs_once():
    call_command("setup_portal", stdout=io.StringIO())
    call_command("setup_portal", stdout=io.StringIO())
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) == {
        "placements.tasks.send_rotation_reminders",
        "evaluations.tasks.dispatch_evaluations",
        "exchanges.tasks.complete_exchange_days",
        "evaluations.tasks.send_evaluation_reminders",
        "evaluations.tasks.expire_evaluations",
        "documents.tasks.warn_expiring_documents",  # scheduled by documents' data migration
        "privacy.tasks.retention_anonymise_daily",
    }
    reminders = tasks["placements.tasks.send_rotation_reminders"]
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("7", "0")
    assert str(reminders.crontab.timezone) == "Europe/Amsterdam"
    assert reminders.enabled


def test_the_rotation_task_runs_by_its_scheduled_name(world, today):
    from portal.celery import app

    app.loader.import_default_modules()  # what the worker does at start: autodiscover the apps' tasks
    task = app.tasks["placements.tasks.send_rotation_reminders"]
    # Both placements of the world end on 2027-01-31: student and supervisor of each hear it two weeks ahead.
    assert task.apply(kwargs={"today": "2027-01-20"}).get() == 4
    assert task.apply(kwargs={"today": "2027-01-21"}).get() == 0
