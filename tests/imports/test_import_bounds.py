"""Hostile files cost little: an import bounds dimensions, cells, rows, unpacked size and value lengths
before reading, streams what it reads, and the web request only stores the upload and enqueues the check.

The files of issue 21 are generated here: one row of 2.4 million cells, a sheet declaring A1:XFD1048576
with one cell in the last row, 20,000 rows sharing one long string, a zip bomb. Memory is measured with
tracemalloc (Python's allocations: what the 1.6 GB of the report was made of).
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from imports import parsing, services
from imports.models import ImportJob

from .conftest import counts, xlsx_bytes

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
PEAK_BYTES = 60 * 1024 * 1024  # far under the worker's 200 MB, whatever the file


def crafted_xlsx(sheet: str, shared: str | None = None, extra: dict | None = None) -> bytes:
    """A workbook made by openpyxl whose sheet (and shared strings) are replaced by crafted XML."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["x"]])))
    out = io.BytesIO()
    extra = dict(extra or {})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif shared is not None and info.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml" Id="rIdS"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif shared is not None and info.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(info.filename, data)
        if shared is not None:
            target.writestr("xl/sharedStrings.xml", shared.encode())
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str = "A1") -> str:
    return f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'


def inline_row(number: int, values) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'


def measured(function, *args, **kwargs):
    """(result or the exception raised, peak bytes allocated meanwhile)."""
    tracemalloc.start()
    try:
        try:
            result = function(*args, **kwargs)
        except (ValidationError, parsing.ParseError) as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def check(world, data, file_format="xlsx"):
    return services.import_check(data=data, file_format=file_format, kind="units", programme=world.programme)


def test_one_row_of_2_4_million_cells_is_refused_before_it_is_read(world):
    row = '<row r="2">' + "<c><v>1</v></c>" * 2_400_000 + "</row>"
    data = crafted_xlsx(sheet_xml(inline_row(1, ["name"]) + row))
    assert len(data) < 400_000  # a small upload
    result, peak = measured(check, world, data)
    assert isinstance(result, ValidationError) and "more than 256 columns" in result.messages[0]
    assert peak < PEAK_BYTES


def test_a_sheet_declaring_a1_xfd1048576_with_a_cell_in_the_last_row_is_refused(world):
    rows = inline_row(1, ["name"]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = crafted_xlsx(sheet_xml(rows, dimension="A1:XFD1048576"))
    result, peak = measured(check, world, data)
    assert isinstance(result, ValidationError) and "A1:XFD1048576" in result.messages[0]
    assert peak < PEAK_BYTES
    # Without the dimension (or with a false one) the last row itself is refused, before openpyxl pads to it.
    data = crafted_xlsx(sheet_xml(rows, dimension="A1"))
    result, peak = measured(check, world, data)
    assert isinstance(result, ValidationError) and "more than 20000 rows" in result.messages[0]


def test_20000_rows_sharing_one_long_string_give_short_errors(world):
    long = "x" * 30_000  # under Excel's cell limit, over any field's
    shared = f'<sst {NS} count="1" uniqueCount="2"><si><t>name</t></si><si><t>{long}</t></si></sst>'
    rows = '<row r="1"><c t="s"><v>0</v></c></row>' + "".join(
        f'<row r="{n}"><c t="s"><v>1</v></c></row>' for n in range(2, 20_002)
    )
    data = crafted_xlsx(sheet_xml(rows), shared=shared)
    result, peak = measured(check, world, data)
    assert not result.ok and result.error_count == 20_000
    assert len(result.errors) == 1000  # stored: the first thousand
    assert all(len(e["value"]) <= parsing.QUOTE_LENGTH for e in result.errors)
    assert sum(len(str(e)) for e in result.errors) < 250_000  # not the gigabyte PostgreSQL refused
    assert peak < PEAK_BYTES


def test_a_workbook_as_excel_writes_it_with_shared_strings_reads(world):
    """Excel keeps text in shared strings (openpyxl writes it inline): 600 rows of 600 strings."""
    strings = ["naam", "adres", *(f"Team {n}" for n in range(600))]
    shared = f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
    shared += "".join(f"<si><t>{s}</t></si>" for s in strings[:-1]) + f"<si><r><t>{strings[-1]}</t></r></si></sst>"
    rows = '<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    rows += "".join(f'<row r="{n}"><c r="A{n}" s="1" t="s"><v>{n}</v></c></row>' for n in range(2, 602))
    checked = check(world, crafted_xlsx(sheet_xml(rows, dimension="A1:B601"), shared=shared))
    assert checked.ok, checked.errors[:3]
    assert checked.row_count == 600 and checked.rows[-1][1]["name"] == "Team 599"


def test_a_cell_longer_than_excel_allows_is_refused(world):
    shared = f'<sst {NS} count="1" uniqueCount="1"><si><t>{"y" * 1_000_000}</t></si></sst>'
    data = crafted_xlsx(sheet_xml(inline_row(1, ["name"]) + '<row r="2"><c t="s"><v>0</v></c></row>'), shared)
    result, _peak = measured(check, world, data)
    assert isinstance(result, ValidationError) and "more than 32767 characters" in result.messages[0]


def test_a_zip_bomb_is_refused_from_the_zip_directory(world):
    data = crafted_xlsx(sheet_xml(inline_row(1, ["name"])), extra={"xl/media/bomb.bin": b"\0" * (60 * 1024 * 1024)})
    assert len(data) < 200_000
    result, peak = measured(check, world, data)
    assert isinstance(result, ValidationError) and "too large once unpacked" in result.messages[0]
    assert peak < PEAK_BYTES


def test_a_doctype_in_a_sheet_is_refused(world):
    sheet = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml(inline_row(1, ["name"]))
    result, _peak = measured(check, world, crafted_xlsx(sheet))
    assert isinstance(result, ValidationError) and "not a valid Excel" in result.messages[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\n" + "," * 5000 + "\n", "more than 256 values"),
        ("name\n" + "A\n" * 20_001, "more than 20000 rows"),
        ('name\n"' + "z" * 200_000 + '"\n', "cannot be read as CSV"),
    ],
)
def test_a_hostile_csv_is_refused(world, text, message):
    result, peak = measured(check, world, text.encode(), "csv")
    assert isinstance(result, ValidationError) and message in result.messages[0]
    assert peak < PEAK_BYTES


def test_a_long_csv_value_is_a_row_error_quoting_its_start(world):
    checked = check(world, ("name\n" + "w" * 6000 + "\n").encode(), "csv")
    (error,) = checked.errors
    assert error["row"] == 2 and error["column"] == "name" and len(error["value"]) == parsing.QUOTE_LENGTH
    assert "longer than 5000 characters" in error["message"]


def test_the_largest_allowed_file_is_checked_in_a_bounded_memory(world):
    text = "naam;adres\n" + "".join(f"Team {n};Straat {n}\n" for n in range(20_000))
    checked, peak = measured(check, world, text.encode(), "csv")
    assert checked.ok and checked.row_count == 20_000
    assert peak < PEAK_BYTES


def test_the_largest_allowed_workbook_is_checked_in_a_bounded_memory(world):
    """20,000 rows of three texts, with shared strings filling their bound: openpyxl holds the strings,
    the check holds only the typed rows."""
    strings = ["naam", "adres", "telefoon"] + [f"Team {n:06d} " + "s" * 28 for n in range(parsing.MAX_ROWS * 3)]
    used = "".join(f"<si><t>{text}</t></si>" for text in strings)
    unused = "<si><t>" + "u" * 60 + "</t></si>"  # strings nobody uses, up to the bound
    padding = unused * ((parsing.MAX_SHARED_STRINGS - 100_000 - len(used)) // len(unused))
    shared = f"<sst {NS}>{used}{padding}</sst>"
    rows = '<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
    rows += "".join(
        f'<row r="{n}"><c t="s"><v>{3 * n - 3}</v></c><c t="s"><v>{3 * n - 2}</v></c>'
        f'<c t="s"><v>{3 * n - 1}</v></c></row>'
        for n in range(2, parsing.MAX_ROWS + 2)
    )
    checked, peak = measured(check, world, crafted_xlsx(sheet_xml(rows), shared=shared))
    assert not isinstance(checked, Exception), checked
    assert checked.ok and checked.row_count == parsing.MAX_ROWS, checked.errors[:3]
    assert peak < 2 * PEAK_BYTES  # openpyxl's strings (~40 MB here) and the typed rows: far under 200 MB


def test_the_web_request_stores_the_hostile_upload_and_enqueues_the_check(client, world, monkeypatch):
    """The request reads no sheet (openpyxl is not called) and answers with the job's page; the worker
    refuses the file with its reason, and nothing is imported."""
    row = '<row r="2">' + "<c><v>1</v></c>" * 2_400_000 + "</row>"
    data = crafted_xlsx(sheet_xml(inline_row(1, ["name"]) + row))
    before = counts()
    client.force_login(world.leader)
    import openpyxl

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("the web request must not read the sheet")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = client.post(
            reverse("imports:import_new"),
            {"programme": world.programme.pk, "kind": "units", "file": SimpleUploadedFile("big.xlsx", data)},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.CHECKING and job.file
    monkeypatch.undo()
    callbacks[0]()  # the worker's turn
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID and "more than 256 columns" in job.errors[0]["message"]
    assert not job.file and counts() == before
