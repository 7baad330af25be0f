"""A message is recorded once per (kind, object, recipient, window) and sent once, after commit."""

import pytest
from django.core import mail
from django.db import DataError, transaction

from core.limits import LOOKUP_BATCH
from notifications.models import Notification
from notifications.services import Draft, notification_queue, notification_send, notifications_queue
from notifications.tasks import send_notifications

from ..factories import StudentFactory, UserFactory

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


def _drafts(users, template="test_message"):
    return [
        Draft(kind="test", object_key="x:1", recipient_id=u.pk, window="2026-W48", template=template, context={})
        for u in users
    ]


def test_a_bulk_queue_sends_each_once_and_a_redelivered_batch_sends_nothing_new(django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notifications_queue(drafts=_drafts(users)) == 3
    assert len(callbacks) == 1  # one batch task for the three
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    ids = list(Notification.objects.values_list("pk", flat=True))
    send_notifications.apply(args=[ids])  # the broker redelivers the batch: nothing new goes out
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_queue(drafts=_drafts(users)) == 0  # already sent: not even enqueued
    assert len(mail.outbox) == 3


def test_a_batch_carries_on_past_a_message_that_cannot_be_rendered(django_capture_on_commit_callbacks):
    broken, fine = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        notifications_queue(drafts=_drafts([broken], template="no_such_template"))
        notifications_queue(drafts=_drafts([fine]))
    ids = sorted(Notification.objects.values_list("pk", flat=True))
    send_notifications.apply(args=[ids])
    assert [m.to for m in mail.outbox] == [[fine.email]]
    failed = Notification.objects.get(recipient=broken)
    assert failed.status == Notification.Status.FAILED and "TemplateDoesNotExist" in failed.last_error


def test_a_bulk_queue_stores_each_draft_as_written(django_capture_on_commit_callbacks):
    user, student = UserFactory(), StudentFactory()
    context = {"name": "Aïsha \"'%s", "dates": ["2027-02-01"], "n": 3, "nested": {"ok": True, "none": None}}
    drafts = [
        Draft(kind="k", object_key="a", recipient_id=user.pk, window="w", template="t", context=context),
        Draft(
            kind="k", object_key="b", recipient_id=user.pk, window="w", template="t", context={}, student_id=student.pk
        ),
    ]
    with django_capture_on_commit_callbacks(execute=False):
        assert notifications_queue(drafts=drafts) == 2
    a, b = Notification.objects.order_by("object_key")
    assert (a.recipient, a.context, a.student, a.template, a.subject) == (user, context, None, "t", "")
    assert (b.context, b.student, b.status, b.attempts, b.last_error) == ({}, student, "pending", 0, "")
    assert a.created_at is not None and a.sent_at is None


def test_a_bulk_queue_skips_the_drafts_recorded_already(django_capture_on_commit_callbacks):
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        notifications_queue(drafts=_drafts([first]))
        existing = Notification.objects.get()
        notifications_queue(drafts=_drafts([first, second], template="other"))
    assert Notification.objects.count() == 2
    assert Notification.objects.get(pk=existing.pk).template == "test_message"  # kept, not overwritten


@pytest.mark.postgres_only
def test_a_large_bulk_queue_takes_an_insert_per_batch_and_one_read(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    user = UserFactory()
    drafts = [
        Draft(kind="k", object_key=f"x:{i}", recipient_id=user.pk, window="w", template="t", context={})
        for i in range(LOOKUP_BATCH + 1)
    ]
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(3):
        assert notifications_queue(drafts=drafts) == LOOKUP_BATCH + 1


@pytest.mark.postgres_only
def test_too_long_text_is_refused_not_truncated(django_capture_on_commit_callbacks):
    draft = Draft(kind="k", object_key="x" * 101, recipient_id=UserFactory().pk, window="w", template="t", context={})
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(DataError), transaction.atomic():
        notifications_queue(drafts=[draft])  # object_key is varchar(100)
    assert not Notification.objects.exists()
