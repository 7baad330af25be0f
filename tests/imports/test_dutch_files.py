"""A leader imports the student list as Dutch Excel exports it: Dutch headers, ';', Windows-1252, CRLF,
blank lines, a title above the header, numbers as floats and dates as Excel dates; unknown columns mapped."""

import codecs
from datetime import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from imports import services
from imports.models import ColumnMapping, ImportJob
from programmes.models import Student
from tests.factories import CohortFactory, ProgrammeSchoolFactory

from .conftest import counts, xlsx_upload

NEW = reverse("imports:import_new")
DUTCH_HEADER = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Opleiding", "Niveau", "Onderwijsinstelling"]
DUTCH_ROWS = [
    ["Anna", "de", "Vries", "anna@example.nl", "Integrale Veiligheid", "4", "ROC Mondriaan"],
    ["Bram", "", "Jansen", "BRAM@example.nl", "Handhaving", "niveau 3", "roc mondriaan"],
    ["Chloë", "van der", "Berg", "chloe@example.nl", "Bestuurskunde", "HBO", "Hogeschool Leiden"],
]


@pytest.fixture
def schools(world):
    return [
        ProgrammeSchoolFactory(programme=world.programme, school__name=n)
        for n in ("ROC Mondriaan", "Hogeschool Leiden")
    ]


def dutch_excel_csv(rows=DUTCH_ROWS, header=DUTCH_HEADER) -> bytes:
    """As Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)": ';', Windows-1252, CRLF, a blank line."""
    lines = [";".join(header), *(";".join(row) for row in rows[:1]), "", *(";".join(row) for row in rows[1:]), ""]
    return "\r\n".join(lines).encode("cp1252")


def upload(client, world, data: bytes, name="studenten.csv", kind="students", **fields):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            NEW, {"programme": world.programme.pk, "kind": kind, "file": SimpleUploadedFile(name, data), **fields}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.order_by("-pk").first(), client.get(response.url)


def apply(client, job):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("imports:import_apply", args=[job.public_id]))
    job.refresh_from_db()
    return job


def test_a_dutch_excel_csv_export_imports_every_student(client, world, schools):
    client.force_login(world.leader)
    job, page = upload(client, world, dutch_excel_csv())
    assert job.state == ImportJob.State.VALID, job.errors
    assert job.total == 3 and Student.objects.filter(user__email="anna@example.nl").count() == 0
    html = page.content.decode()
    assert "Anna de Vries" in html and "Chloë van der Berg" in html  # the preview, names composed
    # The preview keeps the columns' order: each row's values under its header.
    header = html.split("<thead>")[-1].split("</thead>")[0]
    assert header.index("Name") < header.index("E-mail address") < header.index("Level")
    job = apply(client, job)
    assert job.state == ImportJob.State.DONE and job.done == 3
    anna = Student.objects.select_related("user", "school").get(user__email="anna@example.nl")
    assert anna.user.name == "Anna de Vries" and anna.level == "mbo4" and anna.school.name == "ROC Mondriaan"
    assert anna.study_programme == "Integrale Veiligheid"
    bram = Student.objects.get(user__email="bram@example.nl")
    assert bram.level == "mbo3" and bram.user.name == "Bram Jansen"
    cohort = world.programme.cohorts.get()  # the file names no cohort: the programme's only one
    assert set(cohort.students.values_list("user__email", flat=True)) >= {"anna@example.nl", "chloe@example.nl"}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "newline"),
    [("utf-8", ",", "\n"), ("utf-8-sig", ";", "\r\n"), ("cp1252", "\t", "\r\n"), ("utf-16", "\t", "\r\n")],
)
def test_encodings_and_delimiters_are_detected(world, schools, encoding, delimiter, newline):
    header = ["E-MAILADRES", "Voornaam", "ACHTERNAAM", "ónderwijsinstelling ", "Niveau"]  # case, accents, spaces
    text = newline.join(
        [delimiter.join(header), delimiter.join(["x@example.nl", "Zoë", "Çelik", "ROC Mondriaan", "4"])]
    )
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    checked = services.import_check(data=data, file_format="csv", kind="students", programme=world.programme)
    assert checked.ok, checked.errors
    ((number, row),) = checked.rows
    assert number == 2 and row["name"] == "Zoë Çelik" and row["level"] == "mbo4"


def test_a_quoted_value_holding_the_delimiter_and_excels_sep_hint(world):
    text = 'sep=;\r\nNaam;E-mail\r\n"Vries; Anna de";anna@example.nl\r\n'
    checked = services.import_check(data=text.encode(), file_format="csv", kind="students", programme=world.programme)
    assert checked.ok, checked.errors
    assert checked.rows[0][1]["name"] == "Vries; Anna de"


def test_a_dutch_excel_workbook_with_a_title_floats_dates_and_empty_columns(client, world, schools):
    rows = [
        [None],
        ["Studentenlijst werkstudenten 2026", None, None],  # a title above the header
        [],
        [*DUTCH_HEADER, "Afstudeerdatum", None, None],  # trailing empty columns
        ["Anna", "de", "Vries", "anna@example.nl", "IV", 4.0, "ROC Mondriaan", datetime(2028, 6, 30), None],
        [],
        ["Bram", None, "Jansen", "bram@example.nl", "HH", 3, "ROC Mondriaan", "30-06-2028"],
    ]
    client.force_login(world.leader)
    job, _page = upload(client, world, xlsx_upload(rows).read(), name="export.xlsx")
    assert job.state == ImportJob.State.VALID, job.errors
    job = apply(client, job)
    anna = Student.objects.get(user__email="anna@example.nl")
    assert anna.level == "mbo4" and str(anna.expected_graduation) == "2028-06-30"
    assert [e["row"] for e in job.errors] == []


def test_errors_name_row_column_and_value_in_dutch_and_nothing_is_written(client, world, schools):
    rows = [*DUTCH_ROWS, ["Dirk", "", "Bos", "geen-adres", "X", "7", "ROC Mondriaan"]]
    before = counts()
    client.force_login(world.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"  # the leader reads Dutch: so does the worker's check
    job, page = upload(client, world, dutch_excel_csv(rows))
    assert job.state == ImportJob.State.INVALID
    # The blank line is skipped but counted: Dirk is on line 6 of the file.
    by_column = {e["column"]: e for e in job.errors}
    assert by_column["email"] == {
        "row": 6,
        "column": "email",
        "header": "E-mailadres",
        "value": "geen-adres",
        "message": "Voer een geldig e-mailadres in.",
    }
    assert by_column["level"]["header"] == "Niveau" and by_column["level"]["value"] == "7"
    assert "Onbekend niveau" in by_column["level"]["message"]
    html = page.content.decode()
    assert "geen-adres" in html and "E-mailadres" in html
    assert counts() == before and not job.file


def test_a_date_outside_2000_2100_is_an_error_and_an_excel_day_number_a_date(world):
    text = "naam,e-mail,afstudeerdatum\nA,a@example.nl,30-06-1928\nB,b@example.nl,46934\n"  # 46934: Excel's day number
    checked = services.import_check(data=text.encode(), file_format="csv", kind="students", programme=world.programme)
    assert [(e["row"], e["column"], e["value"]) for e in checked.errors] == [(2, "expected_graduation", "30-06-1928")]
    assert str(checked.rows[0][1]["expected_graduation"]) == "2028-06-30"


def test_a_programme_with_several_cohorts_needs_the_cohort_in_the_file_or_the_form(client, world, schools):
    second = CohortFactory(programme=world.programme, name="Lichting september")
    client.force_login(world.leader)
    job, _page = upload(client, world, dutch_excel_csv())
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(1, "cohort")]
    job, _page = upload(client, world, dutch_excel_csv(), cohort=second.pk)
    assert job.state == ImportJob.State.VALID, (job.errors, job.cohort)
    apply(client, job)
    assert second.students.filter(user__email="anna@example.nl").exists()


def test_a_cohort_of_another_programme_is_refused(client, world):
    client.force_login(world.leader)
    other = world.other_programme.cohorts.first()
    response = client.post(
        NEW,
        {
            "programme": world.programme.pk,
            "kind": "students",
            "cohort": other.pk,
            "file": SimpleUploadedFile("s.csv", dutch_excel_csv()),
        },
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_an_unknown_column_is_mapped_by_the_leader_and_remembered_for_the_next_file(client, world, schools):
    header = ["Roepnaam", "Achternaam", "Mailadres school", "Studentnummer", "Niveau"]
    rows = [["Anna", "Vries", "anna@example.nl", "12345", "4"]]
    data = dutch_excel_csv(rows, header)
    client.force_login(world.leader)
    job, page = upload(client, world, data)
    assert job.state == ImportJob.State.INVALID and job.file  # kept to be mapped
    unknown = {e["header"] for e in job.errors if "header" in e}
    assert unknown == {"Mailadres school", "Studentnummer"}
    html = page.content.decode()
    assert reverse("imports:import_map", args=[job.public_id]) in html
    fields = {f"column_{i}": "" for i in range(len(header))}
    fields |= {"column_0": "first_name", "column_1": "last_name", "column_2": "email", "column_4": "level"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("imports:import_map", args=[job.public_id]), fields)
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALID, job.errors
    assert ColumnMapping.objects.filter(programme=world.programme, kind="students").count() == 1
    # The next export from the same source: its columns in another order, recognised without asking.
    again = dutch_excel_csv([["12346", "b@example.nl", "Bram", "Bos", "3"]], [header[i] for i in (3, 2, 0, 1, 4)])
    job2, _page = upload(client, world, again)
    assert job2.state == ImportJob.State.VALID, job2.errors
    assert apply(client, job2).state == ImportJob.State.DONE
    assert Student.objects.get(user__email="b@example.nl").user.name == "Bram Bos"


def test_a_mapping_cannot_be_posted_for_a_valid_or_someone_elses_import(client, world, schools):
    client.force_login(world.leader)
    job, _page = upload(client, world, dutch_excel_csv())
    response = client.post(reverse("imports:import_map", args=[job.public_id]), {"column_0": "email"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.VALID
