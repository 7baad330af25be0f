from django.db.models import QuerySet

from .models import Notification


def notifications_about(*, student_id: int) -> QuerySet[Notification]:
    """Every message about one student (whoever received it), newest first."""
    return Notification.objects.filter(student_id=student_id).select_related("recipient").order_by("-created_at")
