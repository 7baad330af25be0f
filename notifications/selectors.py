from django.db.models import Q, QuerySet

from programmes.models import Student

from .models import Notification


def students_led_by(user) -> QuerySet[Student]:
    """Students in a cohort of, or placed in, a programme the user leads (every student for an admin)."""
    if user.is_superuser:
        return Student.objects.all()
    return Student.objects.filter(
        Q(cohorts__programme__leader_grants__user=user) | Q(placements__assignment__programme__leader_grants__user=user)
    ).distinct()


def notifications_about(*, student: Student) -> QuerySet[Notification]:
    return Notification.objects.filter(student=student).select_related("recipient").order_by("-created_at")
