"""The placements list as CSV or XLSX, written row by row so memory stays flat at any size.

Both formats read the filtered queryset's values with values_list().iterator() in chunks of 2,000 rows
(a server-side cursor on PostgreSQL); CSV is streamed to the client as it is written, XLSX goes through
openpyxl's write-only workbook into an anonymous temporary file that is streamed back and deleted when
closed.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Placement

CHUNK_SIZE = 2000
_FORMULA_START = frozenset("=+-@\t\r")


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


# One tuple per placement straight from the database: no model instances for thousands of rows. The first
# eight are text, then the two dates and the status.
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


def rows(queryset: QuerySet[Placement]) -> Iterator[list]:
    """The export's rows, the dates as dates. Text that a spreadsheet would run as a formula is prefixed
    with a quote (CSV injection), inline rather than a call per value: 80,000 of them at 10,000 rows."""
    labels = {value: str(label) for value, label in Placement.Status.choices}
    unsafe = _FORMULA_START
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        row = [("'" + value if value[:1] in unsafe else value) if value else "" for value in values[:8]]
        row += [values[8], values[9], labels.get(values[10], values[10])]
        yield row


def csv_lines(queryset: QuerySet[Placement], *, lines_per_chunk: int = 200) -> Iterable[str]:
    """The CSV in chunks of a few hundred lines (one chunk per line would cost more than the rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch Excel opens ';' files in columns
    writer.writerow(headers())
    yield "\ufeff" + _drain(buffer)  # BOM so Excel reads UTF-8
    formatted = {}  # date -> "dd-mm-YYYY": an export holds few distinct dates, each is formatted once
    chunk = []
    for row in rows(queryset):
        for i in (8, 9):
            day = row[i]
            if day not in formatted:
                formatted[day] = day.strftime("%d-%m-%Y")
            row[i] = formatted[day]
        chunk.append(row)
        if len(chunk) >= lines_per_chunk:
            writer.writerows(chunk)
            yield _drain(buffer)
            chunk = []
    if chunk:
        writer.writerows(chunk)
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


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
