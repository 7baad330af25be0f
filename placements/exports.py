"""The placements list as CSV or XLSX, written row by row so memory stays flat at any size.

Both formats read the filtered queryset with iterator(chunk_size=...) (a server-side cursor on
Postgres); CSV is streamed to the client as it is written, XLSX goes through openpyxl's write-only
workbook into an anonymous temporary file that is streamed back and deleted when closed.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Placement

CHUNK_SIZE = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [
        _("Student"),
        _("E-mail"),
        _("Programme"),
        _("Cohort"),
        _("Organisation"),
        _("Unit"),
        _("Assignment"),
        _("Supervisor"),
        _("Start date"),
        _("End date"),
        _("Status"),
    ]


def _safe(value: str) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def row_of(placement: Placement, status_labels: dict) -> list:
    unit = placement.assignment.unit
    round_ = placement.rotation_round
    return [
        _safe(placement.student.user.name),
        _safe(placement.student.user.email),
        _safe(placement.assignment.programme.name),
        _safe(round_.cohort.name) if round_ else "",
        _safe(unit.organisation.name),
        _safe(unit.name),
        _safe(placement.assignment.title),
        _safe(placement.supervisor.user.name) if placement.supervisor else "",
        placement.start_date,
        placement.end_date,
        status_labels.get(placement.status, placement.status),
    ]


def rows(queryset: QuerySet[Placement]) -> Iterator[list]:
    labels = {value: str(label) for value, label in Placement.Status.choices}
    for placement in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield row_of(placement, labels)


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_lines(queryset: QuerySet[Placement]) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=";")  # Dutch Excel opens ';' files in columns
    yield "\ufeff"  # BOM so Excel reads UTF-8
    yield writer.writerow(headers())
    for row in rows(queryset):
        yield writer.writerow([v.strftime("%d-%m-%Y") if hasattr(v, "strftime") else v for v in row])


def xlsx_file(queryset: QuerySet[Placement]):
    """A temporary file holding the workbook, positioned at its start; deleted when closed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Placements"))
    sheet.append(headers())
    for row in rows(queryset):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if hasattr(value, "strftime"):
                cell.number_format = "DD-MM-YYYY"
            cells.append(cell)
        sheet.append(cells)
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the FileResponse)
    workbook.save(out)
    out.seek(0)
    return out
