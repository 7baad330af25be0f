"""What every CSV/XLSX export writes alike, in one convention: semicolons between the columns, a UTF-8 byte
order mark, headers and labels in the reader's language, dates day-month-year and numbers with the
language's decimal separator (Dutch Excel opens such a file straight into columns), and text a spreadsheet
would run as a formula with a leading quote (CSV injection)."""

import csv
import io
from collections.abc import Iterable
from datetime import date

from django.utils import formats

FORMULA_START = frozenset("=+-@\t\r")
DATE_FORMAT = "%d-%m-%Y"
DELIMITER = ";"
BOM = "\ufeff"  # so that Excel reads UTF-8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def cell_text(value: str) -> str:
    """The text as a cell that is never run as a formula."""
    return "'" + value if value[:1] in FORMULA_START else value


def date_text(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def number_text(value, *, decimals: int = 1) -> str:
    """40, 40,5 (Dutch) or 40.5 (English): at most `decimals` places, the active language's separator."""
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def csv_writer(buffer: io.StringIO):
    return csv.writer(buffer, delimiter=DELIMITER)


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """A whole small export as CSV text, the BOM first (the large placements export streams instead)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + buffer.getvalue()
