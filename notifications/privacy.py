"""Notifications sent to a person: exported without their rendered context; contexts deleted on erasure."""

from audit.services import plain_value

from .models import Notification


def export(user) -> dict:
    rows = Notification.objects.filter(recipient=user).order_by("created_at")
    return {
        "notifications": [
            {"kind": n.kind, "window": n.window, "created_at": plain_value(n.created_at), "context": n.context}
            for n in rows
        ]
    }


def erase(user) -> None:
    Notification.objects.filter(recipient=user).update(context={})
    Notification.objects.filter(student__user=user).update(context={})
