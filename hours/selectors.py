"""Reads of hours: a placement's weeks, the summaries its page and the role pages show, and the leader's
totals per placement of a programme (the page and the CSV export).

What a person may see is decided in hours.access (on placements.access); these functions take what is
already in scope.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from placements.models import Placement
from programmes.models import Programme

from .models import HoursWeek

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=1))
APPROVED = Q(hours_weeks__status=HoursWeek.Status.APPROVED)
SUBMITTED = Q(hours_weeks__status=HoursWeek.Status.SUBMITTED)
# A placement's hours, summed in SQL: approved hours and absence count, submitted ones await approval.
TOTALS = {
    "hours_approved": Coalesce(Sum("hours_weeks__hours_worked", filter=APPROVED), ZERO),
    "hours_submitted": Coalesce(Sum("hours_weeks__hours_worked", filter=SUBMITTED), ZERO),
    "absence_approved": Coalesce(Sum("hours_weeks__absence_hours", filter=APPROVED), ZERO),
    "weeks_approved": Count("hours_weeks", filter=APPROVED),
    "weeks_submitted": Count("hours_weeks", filter=SUBMITTED),
}


@dataclass(frozen=True)
class HoursSummary:
    required: int | None
    approved: Decimal
    submitted: Decimal  # awaiting the supervisor's approval
    absence: Decimal
    weeks_submitted: int = 0
    weekly: bool = True  # False for a one-day exchange, which keeps no weekly hours

    @property
    def percent(self) -> int | None:
        """Approved hours as a share of the required ones (at most 100), None without a requirement."""
        if not self.required:
            return None
        return min(100, int(self.approved * 100 / self.required))


def hours_summaries(*, placement_ids: list[int]) -> dict[int, HoursSummary]:
    """Per placement id: its approved and submitted hours against its programme's required hours (one query)."""
    if not placement_ids:
        return {}
    rows = (
        Placement.objects.filter(pk__in=placement_ids)
        .values("pk", required=F("assignment__programme__required_hours"), kind=F("assignment__programme__kind"))
        .annotate(**TOTALS)
        .order_by()
    )
    return {
        row["pk"]: HoursSummary(
            required=row["required"],
            approved=row["hours_approved"],
            submitted=row["hours_submitted"],
            absence=row["absence_approved"],
            weeks_submitted=row["weeks_submitted"],
            weekly=row["kind"] != Programme.Kind.EXCHANGE,
        )
        for row in rows
    }


def hours_weeks_of_placement(*, placement: Placement) -> list[HoursWeek]:
    return list(placement.hours_weeks.select_related("reviewed_by").order_by("-week_start"))


def hours_weeks_to_review(*, supervisor_id: int) -> QuerySet[HoursWeek]:
    """The submitted weeks of the supervisor's placements, oldest first, with the student."""
    return (
        HoursWeek.objects.filter(placement__supervisor_id=supervisor_id, status=HoursWeek.Status.SUBMITTED)
        .select_related("placement__student__user")
        .order_by("week_start", "pk")
    )


@dataclass(frozen=True)
class TotalsRow:
    placement: Placement
    school: str
    summary: HoursSummary


def hours_totals(*, programme: Programme, school: str = "") -> list[TotalsRow]:
    """The programme's live placements with their hours, by school and student (one query); `school`
    keeps one school's placements only."""
    placements = (
        Placement.objects.live()
        .filter(assignment__programme=programme)
        .select_related("student__user", "student__school", "assignment__unit")
        .annotate(**TOTALS)
    )
    rows = [
        TotalsRow(
            placement=p,
            school=p.student.school_name,
            summary=HoursSummary(
                required=programme.required_hours,
                approved=p.hours_approved,
                submitted=p.hours_submitted,
                absence=p.absence_approved,
                weeks_submitted=p.weeks_submitted,
            ),
        )
        for p in placements
    ]
    if school:
        rows = [row for row in rows if row.school == school]
    rows.sort(key=lambda row: (row.school.lower(), row.placement.student.user.name.lower(), row.placement.start_date))
    return rows
