"""The send tasks and the sweep. Thin: they take ids and call the services, which are safe to run twice."""

from celery import shared_task

from .services import notification_send, notifications_sweep


@shared_task(acks_late=True, ignore_result=True)
def send_notification(notification_id: int):
    """Send one queued e-mail (notification_send: claimed first, at most once; a mail error waits for the
    sweep with backoff)."""
    notification_send(notification_id=notification_id)


@shared_task(acks_late=True, ignore_result=True)
def send_notifications(notification_ids: list[int]):
    """Send a batch of queued e-mails, each at most once; one that fails does not hold up the rest.

    A batch that is redelivered (its worker was killed mid-batch) skips what was sent or claimed already:
    notification_send claims a row only while it is pending.
    """
    for notification_id in notification_ids:
        notification_send(notification_id=notification_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_notifications() -> int:
    """Every OUTBOX_SWEEP_SECONDS (beat): hand the messages that waited too long to a worker again."""
    return notifications_sweep()
