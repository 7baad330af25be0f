"""What an evaluation's e-mails show, read when each is sent (core.hooks.message_contexts).

The daily dispatch and the reminders queue a message per request with only the request it is about
(`evaluation_request:<id>`): 20,000 rows of names, dates and links written at once cost the job a fifth of its
time, the respondent's link (the request's token) would be copied into a second table, and a name changed
before the mail leaves would not show. Here they are read from the request, one query per message.
"""

from core import hooks

from .models import EvaluationRequest

KIND = "evaluation"
OBJECT_PREFIX = "evaluation_request:"


@hooks.message_contexts.register
def request_context(notification) -> dict | None:
    """The context of evaluation_request and evaluation_reminder: the request's link, its placement, student,
    assignment and due date, and whether the recipient is the student ("your placement")."""
    if notification.kind != KIND or not notification.object_key.startswith(OBJECT_PREFIX):
        return None
    request = EvaluationRequest.objects.select_related("placement__student__user", "placement__assignment").get(
        pk=int(notification.object_key.removeprefix(OBJECT_PREFIX))
    )
    placement = request.placement
    return {
        "token": request.token,
        "placement": str(placement),
        "student": str(placement.student),
        "assignment": placement.assignment.title,
        "own": notification.recipient_id == placement.student.user_id,
        "due_date": request.due_date.isoformat(),
    }
