"""The leader's hours totals as CSV: one line per placement, the school in a column of its own."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .selectors import TotalsRow

_FORMULA_START = frozenset("=+-@\t\r")


def _text(value: str) -> str:
    """Text a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    return "'" + value if value[:1] in _FORMULA_START else value


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
                _text(row.school),
                _text(placement.student.user.name),
                _text(placement.assignment.title),
                _text(placement.assignment.unit.name),
                placement.start_date.strftime("%d-%m-%Y"),
                placement.end_date.strftime("%d-%m-%Y"),
                "" if summary.required is None else summary.required,
                _number(summary.approved),
                _number(summary.submitted),
                _number(summary.absence),
            ]
        )
    yield "\ufeff" + buffer.getvalue()  # BOM so Excel reads UTF-8
