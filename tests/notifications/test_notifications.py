"""A message is recorded once per (kind, object, recipient, window) and sent once, after commit."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_queue, notification_send

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _queue(user):
    return notification_queue(
        kind="test",
        object_key="placement:1",
        recipient=user,
        window="2026-W48",
        template="test_message",
        context={"body": "Hallo"},
    )


def test_queueing_twice_records_and_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(user)
        second = _queue(user)
    assert first is not None and second is None
    assert len(mail.outbox) == 1
    first.refresh_from_db()
    assert first.status == Notification.Status.SENT
    assert notification_send(notification_id=first.pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_deciding_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue(UserFactory())
    # The task is only enqueued through on_commit: a rollback drops the callback, so no mail goes out.
    assert len(callbacks) == 1
    assert len(mail.outbox) == 0


def test_message_is_rendered_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(UserFactory(language="en", name="Ada"))
    assert "Hello Ada" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
