"""Queue and send e-mails exactly once in effect.

notification_queue() (one message) and notifications_queue() (a daily job's many, in bulk) are called
inside the transaction that decides a message is due; they insert the unique rows and enqueue the send
tasks after commit. notification_send() claims the row, renders the message in the recipient's language at
send time and marks the row sent. The rows are the outbox, the broker only rings the bell: when a message
is lost (broker down or restarted empty, worker killed), notifications_sweep(), run by beat, hands the rows
that waited too long to a worker again.
"""

import logging
import smtplib
from datetime import timedelta
from typing import NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import hooks
from core.limits import LOOKUP_BATCH
from core.tasks import QUIET_QUEUE, broker_backlog, enqueue, enqueue_on_commit

from .models import Notification

logger = logging.getLogger(__name__)


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
    enqueue_on_commit(send_notification, notification.pk)
    return notification


SEND_BATCH = 50  # notifications per send task: 10,000 reminders are 200 broker messages, not 10,000
SWEEP_LIMIT = 5000  # messages a sweep hands over; the next sweep, a minute later, takes the rest


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
        enqueue_on_commit(send_notifications, ids[start : start + SEND_BATCH])
    return len(ids)


def _render(notification: Notification) -> tuple[str, str, str]:
    base = f"notifications/email/{notification.template}"
    with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
        context = {}
        for read in hooks.message_contexts:
            context.update(read(notification) or {})
        context |= {**notification.context, "recipient": notification.recipient, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return subject, text, html


# Errors of the mail server or the network: worth another try. A template error is not, and fails at once.
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
MAX_ATTEMPTS = 6  # the first try and five more, 1, 2, 4, 8 and 16 minutes apart


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries: NOTIFICATION_RETRY_SECONDS (60), doubling each time."""
    return timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2 ** (attempts - 1))


def _claim(notification_id: int) -> bool:
    """Pending -> sending, committed before the mail leaves, in one guarded UPDATE: of two deliveries of the
    same task only one sends. The claim holds for NOTIFICATION_CLAIM_SECONDS (retry_at); a worker that dies
    before marking the row sent, perhaps after the mail left, leaves it to the sweep, which releases it when
    it expires: then the message is sent again, the only way one can go out twice."""
    now = timezone.now()
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENDING,
            claimed_at=now,
            retry_at=now + timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )


# Still ours, or released by the sweep after the claim expired (this worker was slow, not dead): the outcome
# of the try is recorded either way, so that a released row that was sent is not sent again.
UNSENT = [Notification.Status.SENDING, Notification.Status.PENDING]


def _record_error(notification: Notification, error: Exception, *, retry: bool) -> None:
    """Back to pending, for the sweep to try again after the backoff; failed after the last try or when
    trying again cannot help."""
    text = f"{type(error).__name__}: {error}"[:2000]
    claimed = Notification.objects.filter(pk=notification.pk, status__in=UNSENT)
    if retry and notification.attempts < MAX_ATTEMPTS:
        again = timezone.now() + retry_delay(notification.attempts)
        claimed.update(status=Notification.Status.PENDING, retry_at=again, last_error=text)
    else:
        claimed.update(status=Notification.Status.FAILED, last_error=text)


def notification_send(*, notification_id: int) -> bool:
    """Send a pending notification once. Returns whether this call sent it.

    The row is claimed (sending, with a deadline) and committed before the mail leaves, and marked sent by
    one UPDATE right after the mail server accepted it, before the connection is closed: a worker that dies
    between the two leaves a claim that the sweep takes over when it expires, so the window for a duplicate
    is that one statement. Nothing is held locked while the mail server is talked to. A mail error puts the
    row back to pending with a backoff (the sweep tries again), or fails it after MAX_ATTEMPTS; a message
    that cannot be rendered fails at once. Neither raises: the task carries on with its batch. Call it
    outside a transaction.
    """
    if not _claim(notification_id):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    mailbox = get_connection()
    try:
        subject, text, html = _render(notification)
        message = EmailMultiAlternatives(subject, text, to=[notification.recipient.email], connection=mailbox)
        message.attach_alternative(html, "text/html")
        mailbox.open()
        message.send()
    except SoftTimeLimitExceeded as exc:  # the batch ran out of time: this one waits for the sweep, the rest too
        _record_error(notification, exc, retry=True)
        raise
    except MAIL_ERRORS as exc:
        logger.warning("Mail failed for notification %s (try %s): %s", notification_id, notification.attempts, exc)
        _record_error(notification, exc, retry=True)
        return False
    except Exception as exc:
        logger.exception("Notification %s cannot be sent", notification_id)
        _record_error(notification, exc, retry=False)
        return False
    else:
        Notification.objects.filter(pk=notification_id, status__in=UNSENT).update(
            status=Notification.Status.SENT, subject=subject, sent_at=timezone.now(), last_error=""
        )
        return True
    finally:
        _close(mailbox)


def _close(mailbox) -> None:
    """Say goodbye to the mail server after the row is marked sent: its QUIT is not in the duplicate window,
    and a server that hangs up on it has the message already."""
    try:
        mailbox.close()
    except MAIL_ERRORS as exc:
        logger.warning("Closing the mail connection failed: %s", exc)


def notifications_sweep() -> int:
    """Hand to a worker again every message whose retry_at has passed, in batches of SEND_BATCH.

    Those are: pending ones whose broker message was lost (a broker restarted empty, an enqueue that failed)
    or whose backoff after a mail error is over, and claims whose worker died (released to pending first;
    failed when that was the last try). Each one's retry_at moves on by OUTBOX_STALE_SECONDS, so it is
    handed over again only if it is still not sent by then. Nothing is handed over while messages wait in
    the broker's queue (a backlog being worked through) or the broker cannot be reached. Returns how many
    were handed over.
    """
    from .tasks import send_notifications

    now = timezone.now()
    expired = Notification.objects.filter(status=Notification.Status.SENDING, retry_at__lte=now)
    lost = "WorkerLost: the claim expired before the message was marked sent"  # stored as errors are: in English
    expired.filter(attempts__lt=MAX_ATTEMPTS).update(status=Notification.Status.PENDING, last_error=lost)
    expired.update(status=Notification.Status.FAILED, last_error=lost)  # the last try's worker died
    backlog = broker_backlog(send_notifications)
    if backlog is None or backlog > QUIET_QUEUE:  # unreachable, or busy: what is due waits, not in duplicate
        if backlog:
            logger.info("Sweep deferred: %s messages wait in the queue", backlog)
        return 0
    due = Notification.objects.filter(status=Notification.Status.PENDING, retry_at__lte=now)
    ids = list(due.order_by("retry_at", "pk").values_list("pk", flat=True)[:SWEEP_LIMIT])
    later = now + timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    handed = 0
    for start in range(0, len(ids), SEND_BATCH):
        batch = ids[start : start + SEND_BATCH]
        # Before the hand-over: a worker that takes the batch at once sets its own retry_at (claim, backoff).
        Notification.objects.filter(pk__in=batch, status=Notification.Status.PENDING).update(retry_at=later)
        if not enqueue(send_notifications, batch):
            break  # the broker is down: these wait OUTBOX_STALE_SECONDS, the rest until the next sweep
        handed += len(batch)
    return handed
