"""What a placement's start and end reminders show, read when each is sent (core.hooks.message_contexts).

The rotation reminders queue up to two messages per placement starting or ending in the coming weeks, tens
of thousands on a national cohort's busiest day; each row names only its placement (`placement:<id>`) and
the event its kind says, and the mail shows the placement as it is when it leaves (a start moved after the
reminder was queued is told with its new date).
"""

from django.urls import reverse

from core import hooks
from placements.models import Placement

from .reminders import END_KIND, OBJECT_PREFIX, START_KIND


@hooks.message_contexts.register
def placement_reminder_context(notification) -> dict | None:
    if notification.kind not in (START_KIND, END_KIND) or not notification.object_key.startswith(OBJECT_PREFIX):
        return None
    placement = Placement.objects.select_related("student__user", "assignment__unit").get(
        pk=int(notification.object_key.removeprefix(OBJECT_PREFIX))
    )
    event = "start" if notification.kind == START_KIND else "end"
    return {
        "event": event,
        "student": str(placement.student),
        "assignment": placement.assignment.title,
        "unit": placement.assignment.unit.name,
        f"{event}_date": getattr(placement, f"{event}_date").isoformat(),
        "url": reverse("placements:placement_detail", args=[placement.public_id]),
        "to_student": notification.recipient_id == placement.student.user_id,  # "your placement"
    }
