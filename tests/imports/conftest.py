"""Helpers for import tests: files as a leader would upload them, and a snapshot of what imports write."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import User
from audit.models import AuditEntry
from organisations.models import Unit
from placements.models import Assignment, Cohort, Student


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
    """The number of rows of everything an import may write."""
    return {
        "users": User.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "students": Student.objects.count(),
        "memberships": Cohort.students.through.objects.count(),
        "units": Unit.objects.count(),
        "assignments": Assignment.objects.count(),
        "audit": AuditEntry.objects.exclude(action__startswith="import.").count(),
    }


@pytest.fixture
def cohort(world):
    return world.programme.cohorts.get()
