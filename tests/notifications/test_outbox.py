"""The Notification rows are the outbox: a message is claimed before it leaves, and the sweep hands to a worker
again what a lost broker message, a lost worker or a failed enqueue left waiting. The broker is a doorbell."""

import logging
import runpy
from datetime import timedelta
from unittest import mock

import pytest
from celery.app.task import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import Notification
from notifications.services import Draft, notification_queue, notification_send, notifications_queue
from notifications.tasks import send_notifications, sweep_notifications

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

STALE = timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
CLAIM = timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs (not even an `except Exception`)."""


def _queue(user, object_key="placement:1"):
    return notification_queue(
        kind="test", object_key=object_key, recipient=user, window="w", template="test_message", context={}
    )


def _drafts(users):
    return [
        Draft(kind="test", object_key="x:1", recipient_id=u.pk, window="w", template="test_message", context={})
        for u in users
    ]


def _killed_after_the_mail_left(outbox):
    def send(message, fail_silently=False):
        outbox.append(message.to[0])  # the mail server has it...
        raise WorkerKilled  # ...and the worker dies before the row is marked sent

    return send


def test_a_message_is_claimed_and_committed_before_it_leaves(django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    seen = []

    def send(message, fail_silently=False):
        seen.append(Notification.objects.values_list("status", "attempts", "claimed_at", "retry_at").get())
        return 1

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", autospec=True, side_effect=send):
        assert notification_send(notification_id=notification.pk) is True
    now = timezone.now()
    assert seen == [("sending", 1, now, now + CLAIM)]
    notification.refresh_from_db()
    assert (notification.status, notification.sent_at, notification.attempts) == ("sent", now, 1)


def test_a_worker_killed_between_send_and_commit_is_resent_only_after_the_claim_expires(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    left = []
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", _killed_after_the_mail_left(left)),
        pytest.raises(WorkerKilled),
    ):
        notification_send(notification_id=notification.pk)
    assert Notification.objects.get().status == "sending"
    # The broker redelivers the task at once, and the sweep runs: the claim still holds, nothing is sent.
    assert notification_send(notification_id=notification.pk) is False
    assert sweep_notifications.apply().get() == 0
    time_machine.shift(CLAIM - timedelta(seconds=1))
    assert sweep_notifications.apply().get() == 0
    assert len(mail.outbox) == 0

    time_machine.shift(timedelta(seconds=1))  # the claim has expired: the worker is taken for dead
    assert sweep_notifications.apply().get() == 1  # released and sent again (eagerly here)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert left + [m.to[0] for m in mail.outbox] == [notification.recipient.email] * 2  # the one duplicate
    assert sweep_notifications.apply().get() == 0


def test_a_worker_killed_before_the_mail_left_sends_it_once_after_the_claim_expires(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    with (
        mock.patch("notifications.services._render", side_effect=WorkerKilled),
        pytest.raises(WorkerKilled),
    ):
        notification_send(notification_id=notification.pk)
    time_machine.shift(CLAIM)
    assert sweep_notifications.apply().get() == 1
    assert [m.to[0] for m in mail.outbox] == [notification.recipient.email]


def test_a_claim_that_expires_on_the_last_try_fails_the_message(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", attempts=6, claimed_at=timezone.now(), retry_at=timezone.now() + CLAIM
    )
    time_machine.shift(CLAIM)
    assert sweep_notifications.apply().get() == 0
    notification.refresh_from_db()
    assert notification.status == "failed" and "WorkerLost" in notification.last_error
    assert len(mail.outbox) == 0


def test_the_sweep_hands_over_what_waited_too_long_in_batches_and_leaves_the_rest(
    time_machine, django_assert_num_queries
):
    time_machine.move_to(timezone.now(), tick=False)
    users = UserFactory.create_batch(3)
    # The job committed its rows, but their broker messages were lost (a broker restarted empty).
    notifications_queue(drafts=_drafts(users))
    time_machine.shift(STALE - timedelta(seconds=1))
    fresh = _queue(users[0], object_key="placement:2")  # queued just now: its own message may still come
    with mock.patch.object(send_notifications, "apply_async") as handoff:
        assert sweep_notifications.apply().get() == 0
        time_machine.shift(timedelta(seconds=1))
        # 1 release the expired claims, 2 fail those on their last try, 3 the due ids, 4 their retry_at moved on
        with django_assert_num_queries(4):
            assert sweep_notifications.apply().get() == 3
        handoff.assert_called_once()
        ids = handoff.call_args.kwargs["args"][0]
        assert len(ids) == 3 and fresh.pk not in ids
        # Handed over, they wait for a worker: not handed over again until OUTBOX_STALE_SECONDS later.
        assert sweep_notifications.apply().get() == 0
        time_machine.shift(STALE)
        assert sweep_notifications.apply().get() == 4


def test_a_broker_restarted_empty_loses_no_message(time_machine):
    """The issue's 1,600 reminders: queued, their messages gone with Redis; the sweep sends each once."""
    time_machine.move_to(timezone.now(), tick=False)
    users = UserFactory.create_batch(120)
    with mock.patch.object(send_notifications, "apply_async") as lost:
        notifications_queue(drafts=_drafts(users))
    assert lost.call_count == 0  # enqueued after commit only; here the broker never saw them
    time_machine.shift(STALE)
    assert sweep_notifications.apply().get() == 120  # three batches of at most 50
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_an_enqueue_that_fails_after_commit_is_logged_and_left_to_the_sweep(
    django_capture_on_commit_callbacks, broker_down, caplog, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    with caplog.at_level(logging.ERROR, logger="core.tasks"), django_capture_on_commit_callbacks(execute=True):
        notification = _queue(UserFactory())  # no exception: the row is committed, the doorbell failed
    assert broker_down == ["notifications.tasks.send_notification"]
    assert "Broker unreachable: notifications.tasks.send_notification" in caplog.text
    assert Notification.objects.get().status == "pending"
    time_machine.shift(STALE)
    assert sweep_notifications.apply().get() == 0  # the broker is still down: logged again, nothing lost
    notification.refresh_from_db()
    assert notification.status == "pending" and notification.retry_at == timezone.now() + STALE


def test_the_sweep_sends_what_a_failed_enqueue_left_once_the_broker_is_back(
    django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(Task, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _queue(UserFactory())
    time_machine.shift(STALE)
    assert sweep_notifications.apply().get() == 1
    assert len(mail.outbox) == 1 and Notification.objects.get().status == "sent"


def test_no_task_runs_longer_than_the_brokers_visibility_timeout(monkeypatch):
    """A message comes back from Redis after the visibility timeout: a task still running then would run twice.
    The production settings derive it from CELERY_LONGEST_TASK_SECONDS; no registered task may take longer."""
    from portal.celery import app

    app.loader.import_default_modules()
    limits = {name: task.time_limit or app.conf.task_time_limit for name, task in app.tasks.items()}
    assert max(limits.values()) <= settings.CELERY_LONGEST_TASK_SECONDS, limits
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    production = runpy.run_path(str(settings.BASE_DIR / "portal" / "settings.py"))
    timeout = production["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert timeout == settings.CELERY_LONGEST_TASK_SECONDS + 60


def test_a_batch_out_of_time_leaves_the_message_it_was_sending_to_the_sweep(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        notification_send(notification_id=notification.pk)  # the task stops here, as it should
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)  # not failed for good
    time_machine.move_to(notification.retry_at)
    assert sweep_notifications.apply().get() == 1
    assert Notification.objects.get().status == "sent"


def test_a_message_not_sent_yet_is_not_sent_after_its_recipient_is_erased(time_machine):
    from notifications.privacy import erase

    time_machine.move_to(timezone.now(), tick=False)
    user = UserFactory()
    _queue(user)
    erase(user)
    time_machine.shift(STALE)
    assert sweep_notifications.apply().get() == 0
    assert Notification.objects.values_list("status", "context").get() == ("failed", {})
    assert len(mail.outbox) == 0


def test_the_row_is_marked_sent_before_the_mail_connection_says_goodbye():
    """The QUIT of an SMTP session is not in the window where a dying worker causes a duplicate."""
    from django.core.mail.backends.locmem import EmailBackend

    notification = _queue(UserFactory())
    seen = []

    def close(backend):
        seen.append(Notification.objects.get(pk=notification.pk).status)

    with mock.patch.object(EmailBackend, "close", autospec=True, side_effect=close):
        assert notification_send(notification_id=notification.pk) is True
    assert seen == ["sent"] and len(mail.outbox) == 1


@pytest.mark.parametrize("backlog", [7, None], ids=["messages-waiting", "broker-unreachable"])
def test_the_sweep_waits_for_a_quiet_queue_before_ringing_again(backlog, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    notification = _queue(UserFactory())
    time_machine.shift(STALE)
    with mock.patch("notifications.services.broker_backlog", return_value=backlog):
        assert sweep_notifications.apply().get() == 0  # no duplicates behind a backlog
    assert Notification.objects.get().retry_at == notification.retry_at
    assert sweep_notifications.apply().get() == 1  # the queue is quiet: handed over
