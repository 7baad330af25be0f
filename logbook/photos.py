"""A logbook photo's checks and cleaning: a JPEG or PNG of sane size, re-encoded from its pixels only, so
that its metadata (EXIF with the GPS position, XMP, comments, text chunks) is never stored.

The orientation the camera recorded in EXIF is applied to the pixels first, so the photo still stands
upright once its EXIF is gone.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; more is a decompression bomb, not a photo
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


def _invalid() -> ValidationError:
    return ValidationError(_("Only JPG and PNG photos are accepted."), code="photo_type")


def _open(upload) -> Image.Image:
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise _invalid()
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="photo_pixels")
            image.load()
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            EOFError,
        ) as exc:
            raise _invalid() from exc
    return image


def photo_clean(*, upload) -> tuple[ContentFile, str]:
    """The photo re-encoded without metadata, and its content type. Raises ValidationError for a file that
    is too large, not a JPEG or PNG, damaged, or too many pixels."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)d MB); the maximum is 10 MB.") % {"size": upload.size // (1024 * 1024)},
            code="photo_size",
        )
    image = _open(upload)
    content_type, extension = FORMATS[image.format]
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, TypeError, KeyError, ZeroDivisionError):
        upright = image  # an unreadable orientation tag: keep the pixels as they are
    # Only the pixels are copied into a new image: no info dictionary, no EXIF, nothing to carry along.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    if upright.mode == "P" and upright.getpalette():
        clean.putpalette(upright.getpalette())
    buffer = io.BytesIO()
    if image.format == "JPEG":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(buffer, format="JPEG", quality=90)
    else:
        clean.save(buffer, format="PNG", optimize=False)
    return ContentFile(buffer.getvalue(), name=f"photo.{extension}"), content_type
