"""The placements list as CSV or XLSX, written row by row so memory stays flat at any size.

Both formats read the filtered queryset's values in chunks of 2,000 rows (a server-side cursor on
Postgres, as iterator() opens); CSV is streamed to the client as it is written, XLSX goes through
openpyxl's write-only workbook into an anonymous temporary file that is streamed back and deleted when
closed.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI
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
_DATE_COLUMNS = {8, 9}


def _value_chunks(queryset: QuerySet[Placement]) -> Iterator[list[tuple]]:
    """The export's values in chunks of rows as the database driver returns them (a server-side cursor on
    Postgres), without Django's per-row converters: on SQLite they only re-check the two dates, which the
    driver already parsed, at a microsecond a row. Refuses a column that would need one."""
    compiler = queryset.values_list(*FIELDS).query.get_compiler(using=queryset.db)
    compiler.setup_query()
    converted = set(compiler.get_converters([column for column, _, _ in compiler.select]))
    if not converted <= _DATE_COLUMNS:
        raise ImproperlyConfigured(f"Export columns {sorted(converted - _DATE_COLUMNS)} need a converter.")
    chunked = not connections[queryset.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")  # as iterator()
    return compiler.execute_sql(MULTI, chunked_fetch=chunked, chunk_size=CHUNK_SIZE)


class _Dates(dict):
    """Each distinct date of an export converted once (an export holds few): to text in `format`, or to a
    date. A driver that returns dates as ISO text (SQLite without its date converter) gets them parsed."""

    def __init__(self, format=None):
        super().__init__()
        self.format = format

    def __missing__(self, value):
        day = date.fromisoformat(value) if isinstance(value, str) else value
        self[value] = converted = day.strftime(self.format) if self.format else day
        return converted


def rows(queryset: QuerySet[Placement], dates: dict) -> Iterator[list]:
    """The export's rows, dates through `dates`. Text that a spreadsheet would run as a formula is prefixed
    with a quote (CSV injection), inline rather than a call per value: 80,000 of them at 10,000 rows."""
    labels = {value: str(label) for value, label in Placement.Status.choices}
    unsafe = _FORMULA_START
    for chunk in _value_chunks(queryset):
        for values in chunk:
            row = [("'" + value if value[:1] in unsafe else value) if value else "" for value in values[:8]]
            row += [dates[values[8]], dates[values[9]], labels.get(values[10], values[10])]
            yield row


def csv_lines(queryset: QuerySet[Placement], *, lines_per_chunk: int = 200) -> Iterable[str]:
    """The CSV in chunks of a few hundred lines (one chunk per line would cost more than the rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch Excel opens ';' files in columns
    writer.writerow(headers())
    yield "\ufeff" + _drain(buffer)  # BOM so Excel reads UTF-8
    chunk = []
    for row in rows(queryset, _Dates("%d-%m-%Y")):
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
    for row in rows(queryset, _Dates()):
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
