"""A student's weeks of hours in the export; their notes, and the comments a supervisor wrote, go on erasure.

The figures stay (linked to the anonymised student, as their placements do) so that programme totals
survive.
"""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import HoursWeek


@personal_data_exports.register
def export(user) -> dict:
    weeks = HoursWeek.objects.filter(placement__student__user=user).select_related("placement__assignment")
    reviewed = HoursWeek.objects.filter(reviewed_by=user).exclude(review_comment="")
    data = {}
    if weeks:
        data["hours"] = [
            {
                "assignment": week.placement.assignment.title,
                "week": week.iso_week,
                "hours_worked": str(week.hours_worked),
                "absence_hours": str(week.absence_hours),
                "note": week.note,
                "status": week.status,
                "submitted_at": plain_value(week.submitted_at),
                "review_comment": week.review_comment,
            }
            for week in weeks
        ]
    if reviewed:
        data["hours_reviewed"] = [
            {"week": week.iso_week, "comment": week.review_comment, "reviewed_at": plain_value(week.reviewed_at)}
            for week in reviewed
        ]
    return data


@personal_data_erasures.register
def erase(user) -> None:
    HoursWeek.objects.filter(placement__student__user=user).update(note="", review_comment="")
    HoursWeek.objects.filter(reviewed_by=user).update(review_comment="")
