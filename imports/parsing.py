"""Reading an uploaded CSV or XLSX file into a header and rows of text, or a clear reason why not.

Nothing here touches the database. Every failure is a ParseError with a message for the leader; no
input, however broken, may raise anything else.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_UNCOMPRESSED = 60 * 1024 * 1024  # an XLSX that inflates beyond this is refused (zip bomb)
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (",", ";", "\t")


class ParseError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number in the file, cells)


# Dutch headers a leader's spreadsheet is likely to carry, mapped to the column names.
ALIASES = {
    "naam": "name",
    "e_mail": "email",
    "e_mailadres": "email",
    "emailadres": "email",
    "lichting": "cohort",
    "instelling": "school",
    "institution": "school",
    "onderwijsinstelling": "school",
    "opleiding": "study_programme",
    "niveau": "level",
    "afstudeerdatum": "expected_graduation",
    "organisatie": "organisation",
    "adres": "address",
    "contact_e_mail": "contact_email",
    "telefoon": "contact_phone",
    "titel": "title",
    "omschrijving": "description",
    "eenheid": "unit",
    "team": "unit",
    "capaciteit": "capacity",
}


def normalise_column(name: str) -> str:
    column = "_".join(str(name or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(column, column)


def decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ParseError(_("The file contains binary data; save it as CSV (UTF-8) or XLSX."))
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(_("The file's text encoding is not recognised; save it as CSV UTF-8 from Excel."))


def sniff_delimiter(first_line: str) -> str:
    """The separator used in the header line: Dutch Excel writes ';', most other tools ','."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes):
    text = decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    line = 0
    try:
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num
    except csv.Error as exc:
        raise ParseError(
            _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": reader.line_num, "error": exc}
        ) from exc


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes):
    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
                raise ParseError(_("The Excel file is too large once unpacked."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ParseError(_("The file is not a valid Excel (XLSX) file.")) from exc
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
        workbook.close()
    except ParseError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors...) on a damaged file
        raise ParseError(_("The file is not a valid Excel (XLSX) file.")) from exc


def read_table(data: bytes, *, kind: str) -> Table:
    """The header (normalised names) and the non-empty rows, numbered as in a spreadsheet (header = 1)."""
    if not data.strip():
        raise ParseError(_("The file is empty."))
    source = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    table = None
    for number, cells in source:
        cells = [str(c).strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        if table is None:
            if not cells:
                continue  # blank lines above the header
            if len(cells) > MAX_COLUMNS:
                raise ParseError(_("The header has more than %(max)d columns.") % {"max": MAX_COLUMNS})
            table = Table(header=[normalise_column(c) for c in cells])
            continue
        if not cells:
            continue
        if len(table.rows) >= MAX_ROWS:
            raise ParseError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        table.rows.append((number, cells))
    if table is None:
        raise ParseError(_("The file is empty."))
    if not table.rows:
        raise ParseError(_("The file has a header but no rows."))
    return table
