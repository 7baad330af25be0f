"""The leader's hours totals as CSV: one line per placement, the school in a column of its own."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.spreadsheets import DATE_FORMAT, cell_text

from .selectors import TotalsRow


def _number(value) -> str:
    """40 or 40,5: a decimal comma, as the ';' separator, is what Dutch Excel reads."""
    return f"{value:.1f}".removesuffix(".0").replace(".", ",")


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


def csv_lines(rows: list[TotalsRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch Excel opens ';' files in columns
    writer.writerow(headers())
    for row in rows:
        placement, summary = row.placement, row.summary
        writer.writerow(
            [
                cell_text(row.school),
                cell_text(placement.student.user.name),
                cell_text(placement.assignment.title),
                cell_text(placement.assignment.unit.name),
                placement.start_date.strftime(DATE_FORMAT),
                placement.end_date.strftime(DATE_FORMAT),
                "" if summary.required is None else summary.required,
                _number(summary.approved),
                _number(summary.submitted),
                _number(summary.absence),
            ]
        )
    yield "\ufeff" + buffer.getvalue()  # BOM so Excel reads UTF-8
