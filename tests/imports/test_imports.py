"""A leader imports students, units and assignments: every row checked first, then all or nothing."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from imports import services
from imports.models import ImportJob
from placements.models import Assignment
from programmes.models import Student
from tests.factories import ProgrammeSchoolFactory, SchoolFactory, UnitFactory

from .conftest import counts, csv_upload, xlsx_upload

NEW = reverse("imports:import_new")
STUDENTS = "name,email,cohort,institution,level,expected_graduation\n"  # "institution": the school's old name


def _upload(client, world, upload, kind="students", **fields):
    """Upload a file; the worker's check runs when the request's transaction commits; then the page is shown."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(NEW, {"programme": world.programme.pk, "kind": kind, "file": upload, **fields})
    return client.get(response.url) if response.status_code == 302 else response


def _apply(client, job, django_capture_on_commit_callbacks):
    """Press "Import"; the task runs when the request's transaction commits; then the page is reloaded."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:import_apply", args=[job.public_id]), follow=True)
    if response.redirect_chain and response.redirect_chain[-1][0].endswith(f"{job.public_id}/"):
        return client.get(reverse("imports:import_detail", args=[job.public_id]))
    return response


def test_a_good_csv_imports_every_student_into_the_cohort(client, world, cohort, django_capture_on_commit_callbacks):
    for name in ("Hogeschool Leiden", "ROC Mondriaan"):
        ProgrammeSchoolFactory(programme=world.programme, school__name=name)
    client.force_login(world.leader)
    text = STUDENTS + f"Anna de Vries,anna@example.nl,{cohort.name},Hogeschool Leiden,HBO,30-06-2028\n"
    text += f"Bram Jansen,BRAM@example.nl,{cohort.name.upper()},ROC Mondriaan,MBO 4,2027-07-01\n"
    response = _upload(client, world, csv_upload(text))
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.VALID and job.total == 2
    assert "Anna de Vries" in response.content.decode()  # the preview
    assert Student.objects.count() == 2  # nothing written by checking
    response = _apply(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.done == 2
    assert not job.file  # the upload is not kept once applied
    bram = Student.objects.get(user__email="bram@example.nl")
    assert bram.level == "mbo4" and str(bram.expected_graduation) == "2027-07-01"
    assert bram.school.name == "ROC Mondriaan"  # the school named in the file (case aside), an organisation
    assert set(cohort.students.values_list("user__email", flat=True)) >= {"anna@example.nl", "bram@example.nl"}
    assert not bram.user.has_usable_password()
    assert "Imported 2 rows." in response.content.decode()


def test_a_semicolon_windows_csv_of_units_imports(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.leader)
    text = "Naam;Organisation;Contact e-mail\nCafé Zuid-Holland;;team@example.nl\nRecherche Noord;;\n"
    _upload(client, world, csv_upload(text.replace("Naam", "name"), encoding="cp1252"), kind="units")
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.VALID, job.errors
    _apply(client, job, django_capture_on_commit_callbacks)
    names = set(world.programme.organisation.units.values_list("name", flat=True))
    assert {"Café Zuid-Holland", "Recherche Noord"} <= names


def test_a_good_xlsx_imports_every_assignment(client, world, django_capture_on_commit_callbacks):
    unit = UnitFactory(organisation=world.programme.organisation, name="Digitale Opsporing")
    client.force_login(world.leader)
    rows = [
        ["title", "unit", "capacity", "available_from", "available_until"],
        ["Datascience", "digitale opsporing", 3, "2026-09-01", "2027-08-31"],
        ["OSINT", "Digitale Opsporing", None, None, None],
    ]
    _upload(client, world, xlsx_upload(rows), kind="assignments")
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.VALID, job.errors
    _apply(client, job, django_capture_on_commit_callbacks)
    created = Assignment.objects.filter(unit=unit, programme=world.programme).order_by("title")
    assert [(a.title, a.capacity) for a in created] == [("Datascience", 3), ("OSINT", 1)]


def _students_csv(world, body):
    cohort = world.programme.cohorts.get().name
    return STUDENTS + body.replace("{cohort}", cohort)


ROW_ERRORS = [
    ("name,cohort\nAnna,{cohort}\n", 1, "email", "This required column is missing."),
    (STUDENTS.strip() + ",shoe_size\nAnna,a@x.nl,{cohort},,,,42\n", 1, "shoe_size", "Unknown column"),
    ("Anna,a@x.nl,{cohort},,,31-31-2028\n", 2, "expected_graduation", "Enter a valid date."),
    ("Anna,not-an-address,{cohort},,,\n", 2, "email", "Enter a valid email address."),
    ("Anna,a@x.nl,{cohort},,Master,\n", 2, "level", "Unknown level"),
    ("Anna,a@x.nl,Lichting 1999,,,\n", 2, "cohort", "no cohort named"),
    ("Anna,a@x.nl,{cohort},,,\nAnn,A@x.nl,{cohort},,,\n", 3, "email", "Duplicate of row 2."),
    ("Anna,a@x.nl,{cohort},,,,extra\n", 2, "", "more values than the header"),
    (",a@x.nl,{cohort},,,\n", 2, "name", "This field is required."),
]


@pytest.mark.parametrize(("body", "row", "column", "message"), ROW_ERRORS)
def test_preview_lists_each_error_with_row_and_column(client, world, body, row, column, message):
    before = counts()
    client.force_login(world.leader)
    text = body.replace("{cohort}", world.programme.cohorts.get().name)
    if not text.startswith(("name", STUDENTS[:10])):
        text = STUDENTS + text
    response = _upload(client, world, csv_upload(text))
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    assert any(e["row"] == row and e["column"] == column and message in e["message"] for e in job.errors), job.errors
    page = response.content.decode()
    assert "nothing was imported" in page and f"<td>{row}</td>" in page
    assert not job.file or job.unknown_columns  # kept only to map its unknown columns (purged after a week)
    assert counts() == before


def test_an_address_already_in_use_is_an_error(client, world):
    client.force_login(world.leader)
    _upload(client, world, csv_upload(_students_csv(world, f"Anna,{world.student.email.upper()},{{cohort}},,,\n")))
    job = ImportJob.objects.get()
    message = "Someone with this e-mail address has an account already."
    value = world.student.email.lower()  # the row, the column as the file names it, and the value
    assert job.errors == [{"row": 2, "column": "email", "header": "email", "value": value, "message": message}]


def test_an_unknown_unit_is_an_error(client, world):
    client.force_login(world.leader)
    _upload(client, world, csv_upload("title,unit\nOSINT,Team Nergens\n"), kind="assignments")
    job = ImportJob.objects.get()
    assert job.errors[0]["column"] == "unit" and "has no unit named Team Nergens" in job.errors[0]["message"]


FILE_ERRORS = [
    (SimpleUploadedFile("s.csv", b""), "empty"),
    (SimpleUploadedFile("s.csv", b"\n\n  \n"), "The file is empty."),
    (SimpleUploadedFile("s.csv", b"name,email,cohort\n"), "header but no rows"),
    (SimpleUploadedFile("s.csv", b"name,email\n\x81\x8d\x8f\x90\x9d,x\n"), "not a valid CSV"),
    (SimpleUploadedFile("s.xlsx", b"name,email,cohort\nA,a@x.nl,L\n"), "not a valid XLSX"),
    (SimpleUploadedFile("s.xlsx", b"PK\x03\x04broken zip"), "not a valid XLSX"),
    (SimpleUploadedFile("s.pdf", b"%PDF-1.4"), "Upload a file of type csv, xlsx."),
    (SimpleUploadedFile("s.csv", b"a," * (3 * 1024 * 1024)), "too large"),
]


@pytest.mark.parametrize(("upload", "message"), FILE_ERRORS)
def test_an_unreadable_file_is_refused_with_a_message(client, world, upload, message):
    before = counts()
    client.force_login(world.leader)
    response = _upload(client, world, upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
    assert counts() == before


def test_a_zip_that_is_not_a_workbook_is_refused(client, world):
    from .conftest import xlsx_bytes

    data = xlsx_bytes([["name"]]).replace(b"xl/workbook.xml", b"xl/workbook.xmx")
    client.force_login(world.leader)
    response = _upload(client, world, SimpleUploadedFile("s.xlsx", data))
    assert "not a valid Excel (XLSX) file" in response.content.decode()


def test_a_row_failing_while_applying_rolls_back_every_row(
    client, world, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(world.leader)
    body = "".join(f"P{i},p{i}@example.nl,{{cohort}},,,\n" for i in range(5))
    _upload(client, world, csv_upload(_students_csv(world, body)))
    job = ImportJob.objects.get()
    before = counts()
    from imports import kinds

    real = kinds.students_create
    calls = []

    def flaky(*, students, actor):
        calls.append(students)
        if len(calls) == 4:
            from django.core.exceptions import ValidationError

            raise ValidationError({"email": "mail server says no"})
        return real(students=students, actor=actor)

    monkeypatch.setattr(kinds, "PROGRESS_EVERY", 1)  # one student per bulk write: the 4th write fails
    monkeypatch.setattr(kinds, "students_create", flaky)
    response = _apply(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.done == 0
    assert job.errors == [{"row": 5, "column": "email", "message": "mail server says no"}]
    assert counts() == before
    assert "nothing was imported" in response.content.decode()


def test_a_bulk_write_refused_by_the_database_fails_the_import_with_its_reason(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    from imports import kinds

    client.force_login(world.leader)
    _upload(client, world, csv_upload(_students_csv(world, "A,a@example.nl,{cohort},,,\nB,b@example.nl,{cohort},,,\n")))
    job = ImportJob.objects.get()
    before = counts()
    # Someone takes b@ between the check at the start of the task and its write (a race): the bulk write
    # cannot tell the row, so the error names the address.
    real = kinds.students_create

    def racing(*, students, actor):
        from tests.factories import UserFactory

        UserFactory(email="b@example.nl")
        return real(students=students, actor=actor)

    monkeypatch.setattr(kinds, "students_create", racing)
    _apply(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.done == 0
    (error,) = job.errors
    assert error["row"] is None and error["column"] == "email" and "b@example.nl" in error["message"]
    assert counts() == before  # a@ is not half-written (the racing account went with the rollback here)


def test_a_conflict_arising_after_the_preview_fails_the_import_cleanly(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.leader)
    _upload(client, world, csv_upload(_students_csv(world, "A,a@example.nl,{cohort},,,\nB,b@example.nl,{cohort},,,\n")))
    job = ImportJob.objects.get()
    from tests.factories import UserFactory

    UserFactory(email="b@example.nl")
    before = counts()
    _apply(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "email"
    assert counts() == before


def test_applying_twice_imports_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.leader)
    _upload(client, world, csv_upload(_students_csv(world, "A,a@example.nl,{cohort},,,\n")))
    job = ImportJob.objects.get()
    _apply(client, job, django_capture_on_commit_callbacks)
    response = client.post(reverse("imports:import_apply", args=[job.public_id]), follow=True)
    assert "started already" in response.content.decode()
    assert services.import_job_run(job_id=job.pk) is None  # a redelivered task does nothing
    assert Student.objects.filter(user__email="a@example.nl").count() == 1


def test_queueing_enqueues_the_task_only_after_commit(world, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    job = services.import_job_create(
        actor=world.leader,
        programme=world.programme,
        kind="units",
        upload=Upload("u.csv", b"name\nTeam X\n"),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.import_job_queue(job=job, actor=world.leader)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED  # not applied until the callback runs


def test_progress_polls_while_running_and_stops_when_done(client, world):
    job = services.import_job_create(
        actor=world.leader, programme=world.programme, kind="units", upload=SimpleUploadedFile("u.csv", b"name\nX\n")
    )
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, total=1)
    client.force_login(world.leader)
    url = reverse("imports:import_progress", args=[job.public_id])
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE, done=1)
    assert "hx-trigger" not in client.get(url).content.decode()


def test_another_programmes_import_is_not_found(client, world):
    job = services.import_job_create(
        actor=world.other_leader,
        programme=world.other_programme,
        kind="units",
        upload=SimpleUploadedFile("u.csv", b"name\nX\n"),
    )
    client.force_login(world.leader)
    for name in ("import_detail", "import_progress"):
        assert client.get(reverse(f"imports:{name}", args=[job.public_id])).status_code == 404
    assert client.post(reverse("imports:import_apply", args=[job.public_id])).status_code == 404
    assert "X" not in client.get(NEW).content.decode().split("Recent imports")[1]


def test_a_leader_cannot_import_into_another_programme(client, world):
    client.force_login(world.leader)
    response = client.post(
        NEW, {"programme": world.other_programme.pk, "kind": "units", "file": csv_upload("name\nX\n")}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "student"])
def test_only_leaders_import(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(NEW).status_code == 403


UNIT_AND_ASSIGNMENT_ERRORS = [
    ("units", "name,organisation\nTeam A,Gemeente Nergenshuizen\n", 2, "organisation", "no organisation named"),
    ("units", "name\n{unit}\n", 2, "name", "already has a unit with this name"),
    ("units", "name\nTeam A\nteam a\n", 3, "name", "Duplicate of row 2."),
    ("units", "name,contact_email\nTeam A,nope\n", 2, "contact_email", "valid email"),
    ("assignments", "title,unit,capacity,min_capacity\nOSINT,{unit},2,3\n", 2, "min_capacity", "must not exceed"),
    ("assignments", "title,unit,capacity\nOSINT,{unit},veel\n", 2, "capacity", "whole number"),
    ("assignments", "title,unit\n{title},{unit}\n", 2, "title", "already offers an assignment"),
    (
        "assignments",
        "title,unit,available_from,available_until\nOSINT,{unit},2027-01-01,2026-01-01\n",
        2,
        "available_until",
        "must not be before",
    ),
]


@pytest.mark.parametrize(("kind", "text", "row", "column", "message"), UNIT_AND_ASSIGNMENT_ERRORS)
def test_unit_and_assignment_rows_are_checked(client, world, kind, text, row, column, message):
    assignment = world.placement.assignment
    assignment.unit.organisation = world.programme.organisation
    assignment.unit.save()
    text = text.replace("{unit}", assignment.unit.name).replace("{title}", assignment.title.upper())
    before = counts()
    client.force_login(world.leader)
    _upload(client, world, csv_upload(text), kind=kind)
    job = ImportJob.objects.get()
    assert any(e["row"] == row and e["column"] == column and message in e["message"] for e in job.errors), job.errors
    assert counts() == before


def test_import_pages_query_count_does_not_grow_with_the_file(client, world, django_assert_max_num_queries):
    client.force_login(world.leader)
    for size in (3, 60):
        body = "".join(f"P{i},q{size}-{i}@example.nl,{{cohort}},,,\n" for i in range(size))
        job = services.import_job_create(
            actor=world.leader,
            programme=world.programme,
            kind="students",
            upload=csv_upload(_students_csv(world, body)),
        )
        # session, the person with roles, job
        with django_assert_max_num_queries(4):
            assert client.get(reverse("imports:import_detail", args=[job.public_id])).status_code == 200


@pytest.mark.parametrize("size", [3, 300])
def test_checking_a_file_takes_the_same_few_queries_at_any_size(world, django_assert_max_num_queries, size):
    cohort = world.programme.cohorts.get().name
    data = (STUDENTS + "".join(f"P{i},r{i}@example.nl,{cohort},,,\n" for i in range(size))).encode()
    # the existing addresses among the file's, and the programme's cohorts
    with django_assert_max_num_queries(2):
        checked = services.import_check(data=data, file_format="csv", kind="students", programme=world.programme)
    assert checked.ok and len(checked.rows) == size


def test_files_of_imports_never_applied_are_deleted_after_a_week(world, time_machine):
    job = services.import_job_create(
        actor=world.leader, programme=world.programme, kind="units", upload=SimpleUploadedFile("u.csv", b"name\nX\n")
    )
    path = job.file.path
    assert services.import_files_purge() == 0
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert services.import_files_purge() == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and not job.file
    assert not os.path.exists(path)
    assert services.import_files_purge() == 0


def test_imported_students_are_invited_when_the_leader_asks(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    from audit.models import AuditEntry

    client.force_login(world.leader)
    rows = "A,a@example.nl,{cohort},,,\nB,b@example.nl,{cohort},,,\n"
    page = _upload(client, world, csv_upload(_students_csv(world, rows)))
    assert 'name="invite"' in page.content.decode()  # offered (ticked) for a students import
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:import_apply", args=[job.public_id]), {"invite": "1"})
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.nl", "b@example.nl"]
    assert all("/accounts/password/reset/key/" in m.body for m in mail.outbox)
    assert world.programme.cohorts.get().name in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="user.invited").count() == 2


def test_without_the_tick_nobody_is_mailed(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(world.leader)
    _upload(client, world, csv_upload(_students_csv(world, "A,a@example.nl,{cohort},,,\n")))
    _apply(client, ImportJob.objects.get(), django_capture_on_commit_callbacks)
    assert Student.objects.filter(user__email="a@example.nl").exists()
    assert mail.outbox == []


def test_an_import_of_units_never_invites(world):
    job = services.import_job_create(
        actor=world.leader, programme=world.programme, kind="units", upload=SimpleUploadedFile("u.csv", b"name\nX\n")
    )
    services.import_job_queue(job=job, actor=world.leader, invite=True)
    job.refresh_from_db()
    assert not job.invite


def test_a_school_that_does_not_take_part_is_a_row_error_and_nothing_is_written(world):
    """The school column names one of the programme's schools; another school (even one the portal knows)
    is a clear error on its row, and the whole file waits."""
    SchoolFactory(name="Helicon MBO Nijmegen")  # known, but not taking part in this programme
    ProgrammeSchoolFactory(programme=world.programme, school__name="ROC Nijmegen")
    cohort = world.programme.cohorts.get().name
    text = "naam,e-mailadres,lichting,instelling\n"
    text += f"Anna,anna@example.nl,{cohort},roc nijmegen\nBram,bram@example.nl,{cohort},Helicon MBO Nijmegen\n"
    before = counts()
    checked = services.import_check(data=text.encode(), file_format="csv", kind="students", programme=world.programme)
    assert not checked.ok
    assert [(e["row"], e["column"]) for e in checked.errors] == [(3, "school")]
    assert "Helicon MBO Nijmegen" in checked.errors[0]["message"]
    assert counts() == before


@pytest.mark.parametrize(
    ("text", "key", "stored"),
    [
        ("name,email,cohort,no\x00te\nAnna,anna@example.nl,{cohort},x\n", "header", "no\ufffdte"),
        ("name,email,cohort\nAn\x00na,anna@example.nl,{cohort}\n", "value", "An\ufffdna"),
    ],
)
def test_a_nul_character_in_a_cell_or_a_header_is_an_error_not_a_crash(client, world, cohort, text, key, stored):
    """PostgreSQL's jsonb holds no NUL: the quoted value and the column's name are stored with U+FFFD. (The
    upload check refuses NUL bytes in a UTF-8 file's start; in UTF-16, Excel's "Unicode text", they are text.)"""
    client.force_login(world.leader)
    before = counts()
    upload = csv_upload(text.format(cohort=cohort.name), encoding="utf-16")
    assert _upload(client, world, upload).status_code == 200
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    assert "\x00" not in str(job.errors) + str(job.columns)
    assert any(error.get(key) == stored for error in job.errors), job.errors
    assert counts() == before
