from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from accounts.roles import require_leader

from . import selectors


@login_required
def student_messages(request, student_id: int):
    """Every e-mail about one student: what, to whom, why, when. Leaders of the student's programmes only."""
    require_leader(request.user)
    student = get_object_or_404(selectors.students_led_by(request.user).select_related("user"), pk=student_id)
    notifications = selectors.notifications_about(student=student)[:500]
    return render(request, "notifications/student_messages.html", {"student": student, "notifications": notifications})
