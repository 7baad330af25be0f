"""Helpers for import tests: files as a leader would upload them, and a snapshot of what imports write."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import Workbook

from accounts.models import User
from audit.models import AuditEntry
from organisations.models import Unit
from placements.models import Assignment
from programmes.models import Cohort, Student


def csv_upload(text: str, *, name="file.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, *, name="file.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def counts() -> dict:
    """The number of rows of everything an import may write (one query: the fuzz tests call this often)."""
    models = [User, EmailAddress, Student, Cohort.students.through, Unit, Assignment, AuditEntry]
    # Table names come from the models, never from input.
    parts = [f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in models[:-1]]  # noqa: S608
    parts.append(f"(SELECT COUNT(*) FROM {AuditEntry._meta.db_table} WHERE action NOT LIKE 'import.%%')")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return dict(
        zip(["users", "addresses", "students", "memberships", "units", "assignments", "audit"], row, strict=True)
    )


@pytest.fixture
def cohort(world):
    return world.programme.cohorts.get()
