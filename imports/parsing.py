"""Reading an uploaded CSV or XLSX file into a header and a stream of rows of text, or a clear reason why not.

Files come as people have them: Dutch Excel writes ';', Windows-1252 and CRLF, sometimes a title or blank
lines above the header; other tools write ',' or tabs, UTF-8 with or without a BOM, or UTF-16. The cost
of reading is bounded before anything is read: an XLSX is measured (zip members, declared dimensions,
cells per row and in all, length of each value) by a streaming scan, then read row by row (openpyxl
read_only); a CSV is streamed. Nothing here touches the database. Every failure is a ParseError with a
message for the leader; no input, however broken, may raise anything else.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_SHEET_ROWS = MAX_ROWS + 1_000  # the last row number a sheet may use (blank rows in between allowed)
MAX_SHEET_COLUMNS = 256  # the last column a sheet may use (IV, the old Excel width): refuses XFD1048576
MAX_CELLS_PER_ROW = MAX_SHEET_COLUMNS
MAX_CELLS = MAX_ROWS * MAX_COLUMNS + 10_000  # cells in the sheet in all, empty ones written by Excel included
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell: anything longer is a crafted file
MAX_VALUE_LENGTH = 5_000  # the longest value a field takes (a description); longer is a row error
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # an XLSX that inflates beyond this is refused (zip bomb)
MAX_MEMBER = 40 * 1024 * 1024  # one part of an XLSX, unpacked
MAX_SHARED_STRINGS = 10 * 1024 * 1024  # openpyxl holds the shared strings in memory: bound them
MAX_MEMBERS = 500
HEADER_SEARCH_ROWS = 10  # a title or notes above the header: the header is the first row naming known columns
QUOTE_LENGTH = 60  # a value quoted in an error message is cut to this length
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (";", ",", "\t")


class ParseError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header as written in the file and its rows, streamed: (row number in the file, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]] = field(default_factory=lambda: iter(()))
    header_row: int = 1
    estimated_rows: int = 0  # for progress: the rows the file seems to hold (blank lines included)


# Dutch headers a leader's spreadsheet is likely to carry, mapped to the column names. Keys are compared
# without case, accents, spaces or punctuation ("E-mailadres" = "emailadres"); see normalise_column.
ALIASES = {
    "naam": "name",
    "volledige_naam": "name",
    "full_name": "name",
    "e_mail": "email",
    "e_mailadres": "email",
    "emailadres": "email",
    "email_address": "email",
    "mailadres": "email",
    "e_mail_student": "email",
    "lichting": "cohort",
    "instelling": "school",
    "institution": "school",
    "onderwijsinstelling": "school",
    "school_naam": "school",
    "opleiding": "study_programme",
    "opleidingsnaam": "study_programme",
    "studie": "study_programme",
    "study": "study_programme",
    "niveau": "level",
    "opleidingsniveau": "level",
    "afstudeerdatum": "expected_graduation",
    "verwachte_afstudeerdatum": "expected_graduation",
    "graduation": "expected_graduation",
    "voornaam": "first_name",
    "roepnaam": "first_name",
    "voornamen": "first_name",
    "firstname": "first_name",
    "given_name": "first_name",
    "tussenvoegsel": "infix",
    "tussenvoegsels": "infix",
    "voorvoegsel": "infix",
    "prefix": "infix",
    "achternaam": "last_name",
    "familienaam": "last_name",
    "surname": "last_name",
    "lastname": "last_name",
    "family_name": "last_name",
    "organisatie": "organisation",
    "organization": "organisation",
    "adres": "address",
    "contact_e_mail": "contact_email",
    "telefoon": "contact_phone",
    "telefoonnummer": "contact_phone",
    "titel": "title",
    "omschrijving": "description",
    "beschrijving": "description",
    "eenheid": "unit",
    "team": "unit",
    "afdeling": "unit",
    "capaciteit": "capacity",
    "minimale_capaciteit": "min_capacity",
    "beschikbaar_vanaf": "available_from",
    "beschikbaar_tot": "available_until",
    "bovenliggende_eenheid": "parent",
    "valt_onder": "parent",
    "ouder": "parent",
    "achtergronden": "backgrounds",
    "gewenste_achtergronden": "backgrounds",
    "niveaus": "levels",
    "gewenste_niveaus": "levels",
    "begeleider": "supervisor",
    "werkplekbegeleider": "supervisor",
    "e_mail_begeleider": "supervisor",
}


def compact(name: str) -> str:
    """A header as compared: lower case, no accents, letters and digits only ("E-mailadres" -> "emailadres")."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_column(name: str, columns=()) -> str:
    """The field a header names (one of `columns` or an alias of one), else the header in snake case."""
    key = compact(name)
    for column in columns:
        if compact(column) == key:
            return column
    for alias, column in ALIASES.items():
        if compact(alias) == key and (not columns or column in columns):
            return column
    snake = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    return "_".join(re.sub(r"[^a-z0-9]+", " ", snake).split())


def storable(text: str) -> str:
    """A text from the file as the job keeps it (jsonb): PostgreSQL's jsonb holds no NUL character."""
    return text.replace("\x00", "\ufffd")


def quote(value) -> str:
    """A value as an error message quotes it: bounded, storable, whatever the file holds."""
    text = storable(str(value))
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


# ---- CSV -------------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(_("The file's text encoding is not recognised; save it as CSV UTF-8 from Excel.")) from exc
    if b"\x00" in data:
        raise ParseError(_("The file contains binary data; save it as CSV (UTF-8) or XLSX."))
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(_("The file's text encoding is not recognised; save it as CSV UTF-8 from Excel."))


def sniff_delimiter(sample: str) -> str:
    """The separator of the first non-blank line: the one that splits it into the most fields (quotes
    respected). Dutch Excel writes ';', most other tools ',' and "Unicode text" a tab."""
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        try:
            first = next((cells for cells in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(cells)), [])
        except csv.Error:
            continue
        if len(first) > best_count:
            best, best_count = delimiter, len(first)
    return best


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for cells in reader:
            if len(cells) > MAX_CELLS_PER_ROW:
                raise ParseError(
                    _("Row %(row)d has more than %(max)d values; delete the empty columns on the right.")
                    % {"row": line + 1, "max": MAX_CELLS_PER_ROW}
                )
            yield line + 1, cells
            line = reader.line_num
    except csv.Error as exc:
        raise ParseError(
            _("Row %(row)d cannot be read as CSV: %(error)s") % {"row": reader.line_num, "error": quote(exc)}
        ) from exc


def _csv_source(data: bytes) -> tuple[Iterator[tuple[int, list[str]]], int]:
    text = decode(data)
    match = re.match(r"\A\s*sep=(.)\s*?\r?\n", text)  # Excel's own hint line: "sep=;"
    if match:
        delimiter = match.group(1)
        text = text[match.end() :]
    else:
        delimiter = sniff_delimiter(text[:65536])
    return _csv_rows(text, delimiter), text.count("\n")


# ---- XLSX ------------------------------------------------------------------------------------------

_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit(" ", 1)[-1]


class _Scan:
    """Streams one XML part through expat and calls `start`/`end`/`text`; refuses a DOCTYPE (entities)."""

    def __init__(self):
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = lambda name, attrs: self.start(_local(name), attrs)
        self.parser.EndElementHandler = lambda name: self.end(_local(name))
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self._doctype

    def _doctype(self, *args):
        raise ParseError(_("The file is not a valid Excel (XLSX) file."))

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass

    def feed(self, archive: zipfile.ZipFile, member: str):
        with archive.open(member) as stream:
            while chunk := stream.read(256 * 1024):
                self.parser.Parse(chunk, False)
        self.parser.Parse(b"", True)
        return self


class _FirstSheet(_Scan):
    """Finds the first sheet's relationship id in xl/workbook.xml, then its part in the relationships."""

    def __init__(self):
        super().__init__()
        self.sheet_id = None
        self.targets = {}
        self.shared_strings = None

    def start(self, name, attrs):
        if name == "sheet" and self.sheet_id is None:
            self.sheet_id = next((v for k, v in attrs.items() if _local(k) == "id"), None)
        elif name == "Relationship":
            self.targets[attrs.get("Id")] = attrs.get("Target", "")
            if attrs.get("Type", "").endswith("/sharedStrings"):
                self.shared_strings = _part(attrs.get("Target", ""))


class _SheetBounds(_Scan):
    """Counts rows and cells of a sheet (or strings of the shared strings) and refuses past the bounds."""

    def __init__(self):
        super().__init__()
        self.row = 0
        self.cells_in_row = 0
        self.cells = 0
        self.chars = 0

    def start(self, name, attrs):
        if name == "dimension":
            self._dimension(attrs.get("ref", ""))
        elif name == "row":
            self.row = (
                int(attrs["r"]) if attrs.get("r", "").isascii() and attrs.get("r", "").isdigit() else self.row + 1
            )
            self.cells_in_row = 0
            if self.row > MAX_SHEET_ROWS:
                raise ParseError(_("The sheet has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        elif name == "si":  # a shared string: counted, and its length measured
            self.cells += 1
            self.chars = 0
            if self.cells > MAX_CELLS:
                raise ParseError(_("The sheet has more than %(max)d cells; split it.") % {"max": MAX_CELLS})
        elif name == "c":
            self.cells += 1
            self.cells_in_row += 1
            self.chars = 0
            match = _REF.match(attrs.get("r", ""))
            too_wide = match and _column_number(match.group(1)) > MAX_SHEET_COLUMNS
            if too_wide or self.cells_in_row > MAX_CELLS_PER_ROW:
                raise ParseError(
                    _("Row %(row)d has more than %(max)d columns; delete the empty columns on the right.")
                    % {"row": self.row, "max": MAX_SHEET_COLUMNS}
                )
            if self.cells > MAX_CELLS:
                raise ParseError(_("The sheet has more than %(max)d cells; split it.") % {"max": MAX_CELLS})

    def text(self, data):
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:
            raise ParseError(
                _("A cell holds more than %(max)d characters; this is not a list to import.") % {"max": MAX_CELL_CHARS}
            )

    def _dimension(self, ref: str):
        last = ref.split(":")[-1]
        match = _REF.match(last.replace("$", ""))
        if match and (_column_number(match.group(1)) > MAX_SHEET_COLUMNS or int(match.group(2)) > MAX_SHEET_ROWS):
            raise ParseError(
                _("The sheet says it uses %(range)s: at most %(rows)d rows and %(columns)d columns can be imported.")
                % {"range": quote(ref), "rows": MAX_ROWS, "columns": MAX_SHEET_COLUMNS}
            )


def _part(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _parts(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first sheet's part and the shared strings' part (None without), as the workbook names them."""
    workbook = _FirstSheet().feed(archive, "xl/workbook.xml")
    relations = _FirstSheet().feed(archive, "xl/_rels/workbook.xml.rels")
    target = relations.targets.get(workbook.sheet_id, "")
    if not target:
        raise ParseError(_("The Excel file has no sheet."))
    return _part(target), relations.shared_strings


def measure_xlsx_parts(data: bytes) -> None:
    """The quick part of measure_xlsx (the zip's directory and the workbook's few bytes), for the web request."""
    measure_xlsx(data, scan=False)


def measure_xlsx(data: bytes, *, scan: bool = True) -> int:
    """Refuse an XLSX whose reading would cost too much, before openpyxl reads it; returns its last row."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            sizes = {info.filename: info.file_size for info in members}
            if (
                len(members) > MAX_MEMBERS
                or sum(sizes.values()) > MAX_UNCOMPRESSED
                or max(sizes.values(), default=0) > MAX_MEMBER
            ):
                raise ParseError(_("The Excel file is too large once unpacked."))
            sheet, shared_strings = _parts(archive)
            if sheet not in sizes:
                raise ParseError(_("The Excel file has no sheet."))
            if sizes.get(shared_strings, 0) > MAX_SHARED_STRINGS:
                raise ParseError(_("The Excel file is too large once unpacked."))
            if not scan:
                return 0
            if shared_strings in sizes:
                _SheetBounds().feed(archive, shared_strings)
            return _SheetBounds().feed(archive, sheet).row
    except ParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ParseError(_("The file is not a valid Excel (XLSX) file.")) from exc
    except (KeyError, expat.ExpatError, RuntimeError, zlib.error) as exc:
        raise ParseError(_("The file is not a valid Excel (XLSX) file.")) from exc


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: level 4.0 is "4"
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # no padding to the declared size: only the cells the sheet holds
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
        workbook.close()
    except ParseError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors...) on a damaged file
        raise ParseError(_("The file is not a valid Excel (XLSX) file.")) from exc


# ---- the table -------------------------------------------------------------------------------------


def _trimmed(source) -> Iterator[tuple[int, list[str]]]:
    """Rows with surrounding spaces and trailing empty cells removed; blank rows skipped."""
    for number, cells in source:
        cells = [str(c).strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            yield number, cells


def _bounded(rows) -> Iterator[tuple[int, list[str]]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise ParseError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        yield row


def read_table(data: bytes, *, kind: str, columns=()) -> Table:
    """The header and a stream of the non-blank rows below it, numbered as in a spreadsheet.

    The header is the first non-blank row, or, when a title sits above it, the first of the first few
    rows naming at least two of `columns` (or their aliases). Raises ParseError when the file cannot be read.
    """
    if not data.strip():
        raise ParseError(_("The file is empty."))
    if kind == "xlsx":
        estimated = measure_xlsx(data)
        source = _xlsx_rows(data)
    else:
        source, estimated = _csv_source(data)
    rows = _trimmed(source)
    head = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not head:
        raise ParseError(_("The file is empty."))
    known = set(columns)
    index = next(
        (i for i, (_n, cells) in enumerate(head) if len({normalise_column(c, columns) for c in cells} & known) >= 2),
        0,
    )
    header_row, header = head[index]
    if len(header) > MAX_COLUMNS:
        raise ParseError(_("The header has more than %(max)d columns.") % {"max": MAX_COLUMNS})
    body = head[index + 1 :]

    def stream():
        yield from body
        yield from rows

    remaining = _bounded(stream())
    first = next(remaining, None)
    if first is None:
        raise ParseError(_("The file has a header but no rows."))

    def with_first():
        yield first
        yield from remaining

    return Table(header=header, rows=with_first(), header_row=header_row, estimated_rows=estimated)
