"""Uploads are checked for type, size and content before anyone reads them."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import validate_upload


def _xlsx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def test_accepts_csv_and_xlsx():
    assert validate_upload(SimpleUploadedFile("students.csv", "naam;e-mail\nJoël;j@x.nl\n".encode())) == "csv"
    assert validate_upload(SimpleUploadedFile("students.xlsx", _xlsx_bytes())) == "xlsx"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("students.exe", b"MZ", "file_type"),
        ("students.csv", b"a,b\x00c", "file_content"),
        ("students.xlsx", b"a,b\n", "file_content"),
        ("students.xlsx", b"PK\x03\x04broken", "file_content"),
        ("students.csv", b"", "file_empty"),
        ("students.csv", b"x" * 2048, "file_size"),
    ],
)
def test_refuses_wrong_type_size_or_content(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content), max_bytes=1024)
    assert caught.value.code == code


def test_zip_without_content_types_is_not_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.xlsx", buffer.getvalue()))
