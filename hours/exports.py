"""The leader's hours totals as CSV: one line per placement, the school in a column of its own."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.spreadsheets import cell_text, csv_text, date_text, number_text

from .selectors import TotalsRow


def headers() -> list[str]:
    return [
        _("School"),
        _("Student"),
        _("Assignment"),
        _("Unit"),
        _("Start date"),
        _("End date"),
        _("Required hours"),
        _("Approved hours"),
        _("Hours awaiting approval"),
        _("Hours absent"),
    ]


def _line(row: TotalsRow) -> list[str]:
    placement, summary = row.placement, row.summary
    return [
        cell_text(row.school),
        cell_text(placement.student.user.name),
        cell_text(placement.assignment.title),
        cell_text(placement.assignment.unit.name),
        date_text(placement.start_date),
        date_text(placement.end_date),
        number_text(summary.required),
        number_text(summary.approved),
        number_text(summary.submitted),
        number_text(summary.absence),
    ]


def csv_lines(rows: list[TotalsRow]) -> Iterator[str]:
    """The CSV in the exports' one convention (core.spreadsheets)."""
    yield csv_text(headers(), (_line(row) for row in rows))
