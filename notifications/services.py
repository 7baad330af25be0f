"""Queue and send e-mails exactly once in effect.

notification_queue() (one message) and notifications_queue() (a daily job's many, in bulk) are called
inside the transaction that decides a message is due; they insert the unique rows and enqueue the send
tasks after commit. notification_send() renders the message in the recipient's language at send time
and marks the row sent.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.limits import LOOKUP_BATCH

from .models import Notification


def notification_queue(
    *, kind: str, object_key: str, recipient, window: str, template: str, context: dict | None = None, student=None
) -> Notification | None:
    """Record that `recipient` gets message `kind` about `object_key` in `window`, and send it after commit.

    Returns the new Notification, or None when one with the same key exists already (nothing is sent).
    `template` names templates/notifications/email/<template>.{subject.txt,txt,html}; `context` must be
    JSON-serialisable, since the message is rendered by the worker.
    """
    from .tasks import send_notification

    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                object_key=object_key,
                recipient=recipient,
                window=window,
                template=template,
                context=context or {},
                student=student,
            )
    except IntegrityError:
        return None
    send_notification.delay_on_commit(notification.pk)
    return notification


SEND_BATCH = 50  # notifications per send task: 10,000 reminders are 200 broker messages, not 10,000


class Draft(NamedTuple):
    """One message a daily job decided to send: a Notification row before it is inserted."""

    kind: str
    object_key: str
    recipient_id: int
    window: str
    template: str
    context: dict
    student_id: int | None = None


def _insert_ignoring_existing(drafts: list[Draft]) -> None:
    """Insert a Notification per draft; one whose (kind, object, recipient, window) exists is skipped."""
    Notification.objects.bulk_create(
        [
            Notification(
                kind=draft.kind,
                object_key=draft.object_key,
                recipient_id=draft.recipient_id,
                window=draft.window,
                template=draft.template,
                context=draft.context,
                student_id=draft.student_id,
            )
            for draft in drafts
        ],
        batch_size=LOOKUP_BATCH,
        ignore_conflicts=True,
    )


def notifications_queue(*, drafts: list[Draft]) -> int:
    """Record many messages at once and send them in batches after commit.

    A draft whose (kind, object, recipient, window) exists already is skipped by the database, as in
    notification_queue(). The statements do not grow with the drafts but by batch: bulk_create's
    INSERTs (one per LOOKUP_BATCH rows, fewer rows each on SQLite) and one read of the ids still pending.
    Returns how many messages were enqueued.
    """
    from .tasks import send_notifications

    if not drafts:
        return 0
    _insert_ignoring_existing(drafts)
    wanted = {(d.kind, d.object_key, d.recipient_id, d.window) for d in drafts}
    pending = (
        Notification.objects.filter(
            kind__in={d.kind for d in drafts}, window__in={d.window for d in drafts}, status=Notification.Status.PENDING
        )
        .order_by()
        .values_list("pk", "kind", "object_key", "recipient_id", "window")
    )
    ids = sorted(pk for pk, *key in pending if tuple(key) in wanted)
    for start in range(0, len(ids), SEND_BATCH):
        send_notifications.delay_on_commit(ids[start : start + SEND_BATCH])
    return len(ids)


def _render(notification: Notification) -> tuple[str, str, str]:
    context = {**notification.context, "recipient": notification.recipient, "site_url": settings.SITE_URL}
    base = f"notifications/email/{notification.template}"
    with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return subject, text, html


def notification_send(*, notification_id: int) -> bool:
    """Send a pending notification once. Returns False when it was sent (or failed for good) already.

    The row is locked (select_for_update) while the mail goes out, so two deliveries of the same task
    cannot both send; the second waits, then finds the row sent. Mail errors propagate (the task retries
    them) after the failed attempt and its error are recorded on the row.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.status != Notification.Status.PENDING:
            return False
        subject, text, html = _render(notification)
        message = EmailMultiAlternatives(subject, text, to=[notification.recipient.email])
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as exc:
            error = exc
        else:
            error = None
        if error is None:
            notification.subject = subject
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.save(update_fields=["subject", "status", "sent_at", "attempts"])
        else:
            notification.attempts += 1
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            notification.save(update_fields=["attempts", "last_error"])
    if error is not None:
        raise error
    return True


def notification_mark_failed(*, notification_id: int, error: str) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.FAILED, last_error=error[:2000]
    )
