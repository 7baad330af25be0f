"""Notifications sent to a person: exported without their rendered context; contexts deleted on erasure, and
what was not sent yet is not sent any more (the sweep would otherwise send it, without its context)."""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import Notification


@personal_data_exports.register
def export(user) -> dict:
    rows = Notification.objects.filter(recipient=user).order_by("created_at")
    return {
        "notifications": [
            {"kind": n.kind, "window": n.window, "created_at": plain_value(n.created_at), "context": n.context}
            for n in rows
        ]
    }


@personal_data_erasures.register
def erase(user) -> None:
    unsent = [Notification.Status.PENDING, Notification.Status.SENDING]
    for rows in (Notification.objects.filter(recipient=user), Notification.objects.filter(student__user=user)):
        rows.filter(status__in=unsent).update(status=Notification.Status.FAILED, last_error="Erased before it was sent")
        rows.update(context={})
