"""A real `celery -A portal worker` (with beat) against Redis and the test database: every message exactly
once, even after a SIGKILL mid-batch or a Redis killed and restarted empty.

These tests start the worker as a subprocess with tests/worker_settings.py. The worker must see the rows
the test wrote, so they run on PostgreSQL (SQLite's test database lives in the test process's memory)
with committed transactions, and they need Redis; otherwise they are skipped, saying which is missing.
The Redis test starts a redis-server of its own on a free port (it kills it), never the shared one.
Time is controlled by passing the day to the job; the only waiting is for the worker, with a timeout
that is a few sweep intervals (1 s in the worker's settings) longer than the claim and stale times.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django_celery_beat.models import PeriodicTask

from notifications import setup
from notifications.models import Notification

from ..factories import PlacementFactory
from .worker_mail import mailbox_recipients

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BROKER_URL = os.environ.get("WORKER_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
TODAY = date(2026, 11, 23)
REMINDERS = "rounds.tasks.send_rotation_reminders"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def wait_for(condition, worker, timeout=45.0, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}. Worker log:\n{worker.log_tail()}")


class Worker:
    """One worker, with beat, on a queue of its own; start(), kill() with SIGKILL (the whole process group),
    restart."""

    def __init__(self, tmp_path: Path, broker_url: str = BROKER_URL):
        self.queue = f"worker-test-{uuid.uuid4().hex[:12]}"
        self.mailbox = tmp_path / "mail"
        self.mailbox.mkdir()
        self.stalled = tmp_path / "stalled"
        self.released = tmp_path / "released"
        self.logfile = tmp_path / "worker.log"
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "WORKER_TEST_BROKER_URL": broker_url,
            "WORKER_TEST_QUEUE": self.queue,
            "WORKER_TEST_DATABASE": connection.settings_dict["NAME"],
            "WORKER_TEST_MAILBOX": str(self.mailbox),
            "WORKER_TEST_STALLED": str(self.stalled),
            "WORKER_TEST_RELEASE": str(self.released),
        }
        self.proc = None
        self.client = Celery("worker-test-client", broker=broker_url, set_as_current=False)
        self.client.conf.update(task_default_queue=self.queue, task_serializer="json")

    def start(self, **env):
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "--concurrency=1"]
        command += ["-Q", self.queue, "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "--loglevel=INFO", "--beat"]
        with open(self.logfile, "a") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.env | env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so SIGKILL reaches the pool child too
            )

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def send(self, name, **kwargs):
        self.client.send_task(name, kwargs=kwargs, queue=self.queue)

    def release(self):
        """The stalled send carries on (see worker_mail)."""
        self.released.touch()

    def recipients(self) -> list[str]:
        return mailbox_recipients(self.mailbox)

    def log_tail(self) -> str:
        return self.logfile.read_text(errors="replace")[-4000:] if self.logfile.exists() else "(no log)"

    def close(self):
        self.kill()
        with self.client.connection_for_write() as conn:
            conn.default_channel.queue_delete(self.queue)
        self.client.close()


@pytest.fixture
def sweeps(settings):
    """The schedule setup_portal creates, with the sweeps every second; the daily jobs left to the test."""
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: the worker process must share the test database")
    settings.OUTBOX_SWEEP_SECONDS = 1
    setup.run()
    PeriodicTask.objects.exclude(task__in=[task for _name, task in setup.SWEEPS]).update(enabled=False)


@pytest.fixture
def worker(tmp_path, sweeps):
    if not _redis_reachable():
        pytest.skip(f"worker tests need Redis at {BROKER_URL} (set WORKER_TEST_BROKER_URL)")
    worker = Worker(tmp_path)
    yield worker
    worker.close()


class RedisServer:
    """A redis-server of the test's own, on a free port, without persistence: killed, it restarts empty."""

    def __init__(self, binary: str, workdir: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.command += ["--dir", str(workdir)]
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.ping, self, timeout=10, what="redis-server to start")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_tail(self) -> str:
        return f"(redis-server on port {self.port})"


@pytest.fixture
def own_redis(tmp_path, sweeps):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("the Redis restart test needs redis-server on the PATH")
    server = RedisServer(binary, tmp_path)
    server.start()
    yield server
    server.kill()


def _placements_starting(count, start):
    """`count` placements starting on `start`, each with one participant (the student) to remind."""
    return [PlacementFactory(start_date=start, end_date=date(2027, 6, 30), supervisor=None) for _ in range(count)]


def test_a_worker_killed_mid_batch_and_restarted_sends_every_reminder_exactly_once(worker):
    placements = _placements_starting(12, TODAY + timedelta(weeks=2))
    expected = sorted(p.student.user.email for p in placements)
    worker.start(WORKER_TEST_STALL_AFTER="5")
    worker.send(REMINDERS, today=TODAY.isoformat())
    worker.send(REMINDERS, today=TODAY.isoformat())  # the job delivered twice queues nothing new
    wait_for(worker.stalled.exists, worker, what="five mails out and the sixth in progress")
    worker.kill()  # SIGKILL in the middle of the batch: the sixth message is claimed, unsent
    assert len(worker.recipients()) == 5
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 5
    sixth = Notification.objects.get(status=Notification.Status.SENDING)

    # The broker delivers the unacknowledged batch again after its visibility timeout, which skips the claimed
    # sixth; the sweep hands that one over once its claim (3 s here) has expired.
    worker.start()
    wait_for(lambda: len(worker.recipients()) >= len(expected), worker, what="the rest of the batch and the sixth")
    sixth.refresh_from_db()
    assert sixth.attempts == 2  # the killed try and the one after the claim expired
    # A later run sends only what came due since: one new placement, nothing for the twelve.
    (late,) = _placements_starting(1, TODAY + timedelta(weeks=2, days=1))
    worker.send(REMINDERS, today=(TODAY + timedelta(days=1)).isoformat())
    wait_for(lambda: late.student.user.email in worker.recipients(), worker, what="the next day's reminder")
    # The mail is written inside the transaction that marks its row sent: wait for that commit too.
    unsent = Notification.objects.exclude(status=Notification.Status.SENT)
    wait_for(lambda: not unsent.exists(), worker, what="the last row to be marked sent")

    assert sorted(worker.recipients()) == sorted([*expected, late.student.user.email])
    assert Notification.objects.count() == 13
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


def test_redis_killed_mid_batch_and_restarted_empty_loses_no_reminder(own_redis, tmp_path):
    """The issue's Redis restart: a batch in progress, the next one waiting in Redis, and Redis gone; the
    sweep finds the rows the lost batch was to send, and every reminder goes out once."""
    worker = Worker(tmp_path, broker_url=own_redis.url)
    placements = _placements_starting(60, TODAY + timedelta(weeks=2))  # 60 reminders: batches of 50 and 10
    expected = sorted(p.student.user.email for p in placements)
    worker.start(WORKER_TEST_STALL_AFTER="5")
    try:
        worker.send(REMINDERS, today=TODAY.isoformat())
        wait_for(worker.stalled.exists, worker, what="five mails out and the sixth in progress")
        assert Notification.objects.count() == 60  # committed; the second batch's message waits in Redis

        own_redis.kill()  # SIGKILL: the queue, the unacknowledged message and the second batch are gone
        own_redis.start()  # empty: no save, no append-only file
        worker.release()  # the first batch carries on; the worker and beat reconnect to the new Redis
        wait_for(lambda: len(worker.recipients()) >= len(expected), worker, what="the sweep to send the lost batch")
        unsent = Notification.objects.exclude(status=Notification.Status.SENT)
        wait_for(lambda: not unsent.exists(), worker, what="the last row to be marked sent")
    finally:
        worker.kill()
    assert sorted(worker.recipients()) == expected  # every reminder, each once
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_a_mail_server_error_is_retried_with_backoff_then_recorded(worker):
    refused, fine = _placements_starting(2, TODAY + timedelta(weeks=2))
    worker.start(WORKER_TEST_REFUSE=refused.student.user.email)
    worker.send(REMINDERS, today=TODAY.isoformat())
    failed = Notification.objects.filter(recipient=refused.student.user, status=Notification.Status.FAILED)
    # five sweeps apart (each hands the row on at most every OUTBOX_STALE_SECONDS): room for a busy machine
    wait_for(failed.exists, worker, timeout=120.0, what="the refused message to be given up")

    notification = failed.get()
    assert notification.attempts == 6  # the batch's try, then five retries with backoff
    assert "SMTPRecipientsRefused" in notification.last_error
    assert worker.recipients() == [fine.student.user.email]
    assert Notification.objects.get(recipient=fine.student.user).status == Notification.Status.SENT
