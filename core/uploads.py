"""One validator for uploaded files (imports, documents): extension, size and content (magic bytes).

Uploads are stored outside the web root (MEDIA_ROOT = var/private) and never served back raw.
"""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SNIFF_BYTES = 64 * 1024


def _looks_like_xlsx(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return "[Content_Types].xml" in archive.namelist()
    # A damaged archive raises more than BadZipFile (found by tests/imports/test_import_fuzz.py).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return False


def _looks_like_csv(file) -> bool:
    head = file.read(_SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: Excel's "Unicode text"
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the sniff boundary: retry without the last bytes.
            try:
                head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        return True
    return False


def _looks_like_pdf(file) -> bool:
    return file.read(5) == b"%PDF-"


_SNIFFERS = {"csv": _looks_like_csv, "xlsx": _looks_like_xlsx, "pdf": _looks_like_pdf}


def validate_upload(file, *, allowed=("csv", "xlsx"), max_bytes: int | None = None) -> str:
    """Raise ValidationError unless `file` has an allowed extension, fits max_bytes and its content matches.

    Returns the extension ("csv", "xlsx", "pdf"). The file position is restored to the start.
    """
    max_bytes = max_bytes or settings.PRIVACY_UPLOAD_MAX_BYTES
    extension = PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(_("Upload a file of type %(types)s.") % {"types": ", ".join(allowed)}, code="file_type")
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (at most %(mb).1f MB).") % {"mb": max_bytes / 1_048_576}, code="file_size"
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    file.seek(0)
    try:
        matches = _SNIFFERS[extension](file)
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not a valid %(type)s file.") % {"type": extension.upper()}, code="file_content"
        )
    return extension
