"""What every CSV/XLSX export writes alike: text a spreadsheet would run as a formula gets a leading quote
(CSV injection), and dates are day-month-year, as Dutch spreadsheets read them."""

FORMULA_START = frozenset("=+-@\t\r")
DATE_FORMAT = "%d-%m-%Y"


def cell_text(value: str) -> str:
    """The text as a cell that is never run as a formula."""
    return "'" + value if value[:1] in FORMULA_START else value


def cells(row) -> list:
    """A row for a CSV/XLSX writer: every text value a cell that is never run as a formula, other values as
    they are (numbers, dates stay numbers and dates in the spreadsheet)."""
    return [cell_text(value) if isinstance(value, str) else value for value in row]
