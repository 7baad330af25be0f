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


# One tuple per placement straight from the database: no model instances for thousands of rows.
FIELDS = (
    "student__user__name",
    "student__user__email",
    "assignment__programme__name",
    "rotation_round__cohort__name",
    "assignment__unit__organisation__name",
    "assignment__unit__name",
    "assignment__title",
    "supervisor__user__name",
    "start_date",
    "end_date",
    "status",
)
_TEXT_COLUMNS = range(8)


def rows(queryset: QuerySet[Placement]) -> Iterator[list]:
    labels = {value: str(label) for value, label in Placement.Status.choices}
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        row = [_safe(values[i] or "") for i in _TEXT_COLUMNS]
        row += [values[8], values[9], labels.get(values[10], values[10])]
        yield row


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_lines(queryset: QuerySet[Placement], *, lines_per_chunk: int = 200) -> Iterable[str]:
    """The CSV in chunks of a few hundred lines (one chunk per line would cost more than the rows)."""
    writer = csv.writer(_Echo(), delimiter=";")  # Dutch Excel opens ';' files in columns
    yield "\ufeff" + writer.writerow(headers())  # BOM so Excel reads UTF-8
    chunk = []
    for row in rows(queryset):
        row[8], row[9] = row[8].strftime("%d-%m-%Y"), row[9].strftime("%d-%m-%Y")
        chunk.append(writer.writerow(row))
        if len(chunk) >= lines_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


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
