"""The default schedule is created on install, once, in Amsterdam time, and names every daily job."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_setup_portal_creates_the_daily_jobs_once():
    call_command("setup_portal", stdout=io.StringIO())
    call_command("setup_portal", stdout=io.StringIO())
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) == {
        "rounds.tasks.send_rotation_reminders",
        "evaluations.tasks.dispatch_evaluations",
        "exchanges.tasks.complete_exchange_days",
        "evaluations.tasks.send_evaluation_reminders",
        "evaluations.tasks.expire_evaluations",
        "documents.tasks.warn_expiring_documents",  # scheduled by documents' data migration
        "privacy.tasks.retention_anonymise_daily",
        "imports.tasks.purge_import_files",
        "imports.tasks.sweep_import_jobs",  # every 5 minutes (imports/setup.py)
        "hours.tasks.send_late_week_reminders",
        "notifications.tasks.sweep_notifications",  # the outbox sweeps, every OUTBOX_SWEEP_SECONDS
        "rounds.tasks.sweep_matching_runs",
        "placements.tasks.advance_placements",
    }
    assert PeriodicTask.objects.filter(task="privacy.tasks.retention_anonymise_daily").count() == 1
    retention = tasks["privacy.tasks.retention_anonymise_daily"]
    assert (retention.crontab.hour, retention.crontab.minute) == ("2", "0") and retention.enabled
    reminders = tasks["rounds.tasks.send_rotation_reminders"]
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("7", "0")
    assert str(reminders.crontab.timezone) == "Europe/Amsterdam"
    assert reminders.enabled
    status = tasks["placements.tasks.advance_placements"]  # before the dispatch asks about the placements ended
    assert (status.crontab.hour, status.crontab.minute) == ("6", "50")


def test_the_rotation_task_runs_by_its_scheduled_name(world, today):
    from portal.celery import app

    app.loader.import_default_modules()  # what the worker does at start: autodiscover the apps' tasks
    task = app.tasks["rounds.tasks.send_rotation_reminders"]
    # Both placements of the world end on 2027-01-31: student and supervisor of each hear it two weeks ahead.
    assert task.apply(kwargs={"today": "2027-01-20"}).get() == 4
    assert task.apply(kwargs={"today": "2027-01-21"}).get() == 0


def test_every_scheduled_task_is_a_registered_task():
    from portal.celery import app

    call_command("setup_portal", stdout=io.StringIO())
    app.loader.import_default_modules()
    assert set(PeriodicTask.objects.values_list("task", flat=True)) <= set(app.tasks)


def test_a_disabled_entry_stays_disabled_when_setup_runs_again():
    call_command("setup_portal", stdout=io.StringIO())
    PeriodicTask.objects.filter(task="privacy.tasks.retention_anonymise_daily").update(enabled=False)
    call_command("setup_portal", stdout=io.StringIO())
    assert not PeriodicTask.objects.get(task="privacy.tasks.retention_anonymise_daily").enabled


# Committed transactions: beat closes "old" database connections on every tick, as it would in its process.
@pytest.mark.django_db(transaction=True)
def test_beat_fires_the_rotation_reminders_at_seven_in_amsterdam(world, time_machine):
    from django_celery_beat.schedulers import DatabaseScheduler

    from portal.celery import app

    amsterdam = ZoneInfo("Europe/Amsterdam")
    time_machine.move_to(datetime(2027, 1, 20, 6, 59, tzinfo=amsterdam), tick=False)
    call_command("setup_portal", stdout=io.StringIO())
    app.loader.import_default_modules()
    scheduler = DatabaseScheduler(app=app)
    # It syncs to the database when collected or at exit, after the test database is gone: not here.
    scheduler._finalize.cancel()
    entries = PeriodicTask.objects.count()
    for _ in range(entries):  # a tick sends the first due entry; the sweeps are due at once
        scheduler.tick()
    assert len(mail.outbox) == 0  # nothing is due before seven
    time_machine.move_to(datetime(2027, 1, 20, 7, 0, 30, tzinfo=amsterdam), tick=False)
    for _ in range(entries):
        scheduler.tick()  # the job runs (eagerly in tests); its messages go out when it commits
    # Both placements of the world end on 2027-01-31: their students and supervisors hear it today.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.student.email, world.supervisor.email, world.other_student.email, world.other_supervisor.email]
    )
    assert set(Notification.objects.values_list("kind", flat=True)) == {"placement.end_reminder"}


def test_an_edited_time_stays_when_setup_runs_again():
    """`make run` runs setup_portal at every start: it creates what is missing and leaves what is there."""
    from django_celery_beat.models import CrontabSchedule

    call_command("setup_portal", stdout=io.StringIO())
    reminders = PeriodicTask.objects.get(task="rounds.tasks.send_rotation_reminders")
    reminders.crontab = CrontabSchedule.objects.create(minute="30", hour="6", timezone="Europe/Amsterdam")
    reminders.save()
    PeriodicTask.objects.filter(task="imports.tasks.purge_import_files").delete()
    call_command("setup_portal", stdout=io.StringIO())
    reminders.refresh_from_db()
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("6", "30")
    assert PeriodicTask.objects.filter(task="imports.tasks.purge_import_files").count() == 1  # missing: created


def test_a_schedule_of_the_rotation_reminders_follows_them_to_the_rounds_app():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("notifications.migrations.0004_rotation_reminders_task_moved")
    call_command("setup_portal", stdout=io.StringIO())
    PeriodicTask.objects.filter(task=migration.NEW).update(task=migration.OLD)
    migration.rename(apps, None)
    assert PeriodicTask.objects.filter(task=migration.NEW).count() == 1
    assert not PeriodicTask.objects.filter(task=migration.OLD).exists()


def test_the_outbox_sweeps_run_every_sweep_interval(settings):
    settings.OUTBOX_SWEEP_SECONDS = 60
    call_command("setup_portal", stdout=io.StringIO())
    sweeps = PeriodicTask.objects.filter(
        task__in=["notifications.tasks.sweep_notifications", "rounds.tasks.sweep_matching_runs"]
    )
    assert {(t.interval.every, t.interval.period, t.enabled) for t in sweeps.select_related("interval")} == {
        (60, "seconds", True)
    }
    assert sweeps.count() == 2
