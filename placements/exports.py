"""The placements list as CSV or XLSX, written row by row so memory stays flat at any size.

Both formats read the filtered queryset's values with values_list().iterator() in chunks of 2,000 rows
(a server-side cursor on PostgreSQL); CSV is streamed to the client as it is written, XLSX is written as
SpreadsheetML straight into a zip in an anonymous temporary file that is streamed back and deleted when
closed.
"""

import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.spreadsheets import BOM, DATE_FORMAT, FORMULA_START, csv_writer

from .models import Placement

CHUNK_SIZE = 2000


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
    with a quote (core.spreadsheets), inline rather than a call per value: 80,000 of them at 10,000 rows."""
    labels = {value: str(label) for value, label in Placement.Status.choices}
    unsafe = FORMULA_START
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        row = [("'" + value if value[:1] in unsafe else value) if value else "" for value in values[:8]]
        row += [values[8], values[9], labels.get(values[10], values[10])]
        yield row


def csv_lines(queryset: QuerySet[Placement], *, lines_per_chunk: int = 200) -> Iterable[str]:
    """The CSV in chunks of a few hundred lines (one chunk per line would cost more than the rows)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)  # the exports' one convention (core.spreadsheets)
    writer.writerow(headers())
    yield BOM + _drain(buffer)
    formatted = {}  # date -> "dd-mm-YYYY": an export holds few distinct dates, each is formatted once
    chunk = []
    for row in rows(queryset):
        for i in (8, 9):
            day = row[i]
            if day not in formatted:
                formatted[day] = day.strftime(DATE_FORMAT)
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


# The workbook's fixed parts (ECMA-376 SpreadsheetML): one sheet, and one cell style besides the default,
# the dates' DD-MM-YYYY (number format 164, the first free id).
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CONTENT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CONTENT}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{_DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOCUMENT}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD-MM-YYYY"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOCUMENT}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_DATE_STYLE = 1
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its day 60 is the missing 29-02-1900)
# Text as XML character data: the three markup characters escaped, and the control characters that XML 1.0
# cannot hold at all dropped (a name pasted with a stray control character would otherwise break the file).
_XML_UNSAFE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    | dict.fromkeys((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))
)
_ROWS_PER_WRITE = 500


def _sheet(lines: Iterable[list]) -> Iterator[str]:
    """The worksheet's XML in pieces: a row element per line, its cells in column order (no references:
    an empty text is an empty cell), text inline with its spaces kept, dates as day numbers in the date
    style. One f-string per cell; no object per cell."""
    yield f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'
    start, end, empty = '<c t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>", "<c/>"
    days, unsafe, escape = {}, _XML_UNSAFE.search, _XML_TEXT
    for number, line in enumerate(lines, start=1):
        cells = []
        for value in line:
            if isinstance(value, date):
                if value not in days:
                    days[value] = f'<c s="{_DATE_STYLE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
                cells.append(days[value])
            elif value:
                cells.append(f"{start}{value.translate(escape) if unsafe(value) else value}{end}")
            else:
                cells.append(empty)
        yield f'<row r="{number}">{"".join(cells)}</row>'
    yield "</sheetData></worksheet>"


def xlsx_file(queryset: QuerySet[Placement]):
    """A temporary file holding the workbook, positioned at its start; deleted when closed.

    The sheet is written as it is read: SpreadsheetML text, a row element per placement, straight into
    the zip entry. A spreadsheet library builds an object per cell first (openpyxl took 45 times as long
    as PostgreSQL's COPY of the same rows); this export is one flat table of text and dates, whose only
    parts besides the rows are the fixed ones above.
    """
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the FileResponse)
    name = str(_("Placements"))[:31].translate(_XML_TEXT).replace('"', "&quot;")  # Excel: 31 characters at most
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as workbook:
        for part, xml in _PARTS.items():
            workbook.writestr(part, xml)
        workbook.writestr("xl/workbook.xml", _WORKBOOK.format(name=name))
        with workbook.open("xl/worksheets/sheet1.xml", "w") as sheet:
            pieces = []
            for piece in _sheet(chain([headers()], rows(queryset))):
                pieces.append(piece)
                if len(pieces) >= _ROWS_PER_WRITE:
                    sheet.write("".join(pieces).encode())
                    pieces = []
            sheet.write("".join(pieces).encode())
    out.seek(0)
    return out
