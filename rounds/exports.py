"""A round's ranked preferences as CSV or XLSX: one line per ranked choice, Dutch headers (the UI's
language), text that a spreadsheet would run as a formula quoted (core.spreadsheets)."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import cell_text

from .selectors import round_preferences_for_export


def headers() -> list[str]:
    return [_("Student"), _("E-mail"), _("Rank"), _("Assignment"), _("Unit"), _("Organisation")]


def rows(rotation_round) -> Iterator[list]:
    for name, email, rank, title, unit, organisation in round_preferences_for_export(rotation_round=rotation_round):
        yield [cell_text(name), cell_text(email), rank, cell_text(title), cell_text(unit), cell_text(organisation)]


def csv_text(rotation_round) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch Excel opens ';' files in columns
    writer.writerow(headers())
    writer.writerows(rows(rotation_round))
    return "\ufeff" + buffer.getvalue()  # BOM so Excel reads UTF-8


def xlsx_bytes(rotation_round) -> bytes:
    """The workbook in write-only mode: a round holds a cohort's rankings (a few choices per student)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Preferences"))[:31])
    sheet.append(headers())
    for row in rows(rotation_round):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
