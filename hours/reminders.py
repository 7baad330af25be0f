"""Late weeks: a week of a placement whose hours are not submitted by the Tuesday after it is reminded to
the student by the daily job, once.

Hours are kept in programmes that require them (Programme.required_hours set). The window names the week
("week-2026-11-16") and the unique Notification row makes a second run, or a redelivered task, send
nothing new. A run reads the live placements of those programmes running in the weeks just past (a job
that missed a day catches up for CATCH_UP_WEEKS), their submitted weeks and the reminders already
queued for those weeks: a fixed number of queries, whatever the history the tables hold.
"""

from datetime import date, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.urls import reverse

from notifications.models import Notification
from notifications.services import Draft, notifications_queue
from placements.models import Placement

from .models import HoursWeek
from .services import week_monday

KIND = "hours.week_late"
LATE_AFTER_DAYS = 8  # a week (Monday) is late from the Tuesday after it: hours are due by the Monday
CATCH_UP_WEEKS = 2
UUID_PLACEHOLDER = UUID(int=0)


def late_weeks(*, today: date) -> list[date]:
    """The Mondays of the weeks that are late today and still reminded, newest first."""
    newest = week_monday(today - timedelta(days=LATE_AFTER_DAYS))
    return [newest - timedelta(weeks=n) for n in range(CATCH_UP_WEEKS)]


def window_of(monday: date) -> str:
    return f"week-{monday.isoformat()}"


def late_week_reminders_send(*, today: date) -> int:
    """Queue a reminder for every late week not reminded before. Returns how many were queued."""
    weeks = late_weeks(today=today)
    with transaction.atomic():
        placements = list(
            Placement.objects.live()
            .filter(
                assignment__programme__required_hours__isnull=False,
                start_date__lte=weeks[0] + timedelta(days=6),
                end_date__gte=weeks[-1],
                student__user__is_active=True,
            )
            .order_by()
            .values(
                "pk",
                "public_id",
                "start_date",
                "end_date",
                "student_id",
                user_id=F("student__user_id"),
                assignment_title=F("assignment__title"),
            )
        )
        if not placements:
            return 0
        done = set(
            HoursWeek.objects.filter(
                week_start__in=weeks,
                status__in=[HoursWeek.Status.SUBMITTED, HoursWeek.Status.APPROVED],
                placement__assignment__programme__required_hours__isnull=False,
            )
            .order_by()
            .values_list("placement_id", "week_start")
        )
        sent = set(
            Notification.objects.filter(kind=KIND, window__in=[window_of(w) for w in weeks])
            .order_by()
            .values_list("object_key", "recipient_id", "window")
        )
        url_of = reverse("hours:placement_hours", args=[UUID_PLACEHOLDER]).replace(str(UUID_PLACEHOLDER), "{}")
        drafts = []
        for placement in placements:
            key = f"placement:{placement['pk']}"
            for monday in weeks:
                running = placement["start_date"] <= monday + timedelta(days=6) and placement["end_date"] >= monday
                if not running or (placement["pk"], monday) in done:
                    continue
                if (key, placement["user_id"], window_of(monday)) in sent:
                    continue
                year, number, _day = monday.isocalendar()
                drafts.append(
                    Draft(
                        kind=KIND,
                        object_key=key,
                        recipient_id=placement["user_id"],
                        window=window_of(monday),
                        template="hours_week_late",
                        context={
                            "week": number,
                            "year": year,
                            "monday": monday.isoformat(),
                            "assignment": placement["assignment_title"],
                            "url": url_of.format(placement["public_id"]),
                        },
                        student_id=placement["student_id"],
                    )
                )
        notifications_queue(drafts=drafts)
        return len(drafts)
