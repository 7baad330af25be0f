from django.db.models import QuerySet

from .models import Notification


def notifications_for_object(*, kind: str, object_key: str) -> QuerySet[Notification]:
    """The messages of one kind about one object (e.g. a round's publication), by recipient name."""
    return (
        Notification.objects.filter(kind=kind, object_key=object_key)
        .select_related("recipient")
        .order_by("recipient__name", "pk")
    )


def notifications_about(*, student_id: int) -> QuerySet[Notification]:
    """Every message about one student (whoever received it), newest first."""
    return Notification.objects.filter(student_id=student_id).select_related("recipient").order_by("-created_at")
