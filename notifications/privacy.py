"""Notifications sent to a person: exported without their rendered context; contexts deleted on erasure."""

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
    Notification.objects.filter(recipient=user).update(context={})
    Notification.objects.filter(student__user=user).update(context={})
