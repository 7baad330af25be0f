import logging
import smtplib

from celery import shared_task
from django.conf import settings

from .services import notification_mark_failed, notification_send

logger = logging.getLogger(__name__)

# Errors of the mail server or the network: worth another try. A template error is not, and fails at once.
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
MAX_RETRIES = 5


def retry_delay(retries: int) -> float:
    """Exponential backoff: 1, 2, 4, 8, 16 minutes (capped at 30), well below the broker's visibility timeout.

    The first delay is the setting NOTIFICATION_RETRY_SECONDS (60), which the worker tests shorten.
    """
    base = getattr(settings, "NOTIFICATION_RETRY_SECONDS", 60)
    return min(base * 2**retries, base * 30)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, ignore_result=True)
def send_notification(self, notification_id: int):
    """Send one queued e-mail; a failing mail server is retried with backoff, then recorded as failed.

    Safe to run twice: notification_send locks the row and sends only while it is pending.
    """
    try:
        notification_send(notification_id=notification_id)
    except MAIL_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Giving up on notification %s after %s tries: %s", notification_id, self.max_retries + 1, exc)
            notification_mark_failed(notification_id=notification_id, error=f"{type(exc).__name__}: {exc}")
            return
        logger.warning("Mail failed for notification %s (try %s): %s", notification_id, self.request.retries + 1, exc)
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task(acks_late=True, ignore_result=True)
def send_notifications(notification_ids: list[int]):
    """Send a batch of queued e-mails, each at most once; a failing one continues on its own with backoff.

    A batch that is redelivered (its worker was killed mid-batch) skips what was sent already, since
    notification_send sends only while the row is pending. A mail error hands that one message to
    send_notification as its second try, so the rest of the batch is not held up.
    """
    for notification_id in notification_ids:
        try:
            notification_send(notification_id=notification_id)
        except MAIL_ERRORS as exc:
            logger.warning("Mail failed for notification %s (try 1): %s", notification_id, exc)
            send_notification.apply_async(args=[notification_id], countdown=retry_delay(0), retries=1)
        except Exception as exc:
            # A message that cannot be rendered will not render on a retry either: record it, carry on.
            logger.exception("Notification %s failed", notification_id)
            notification_mark_failed(notification_id=notification_id, error=f"{type(exc).__name__}: {exc}")
