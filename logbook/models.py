"""The student's logbook of a placement: dated observations (place in words, text, an optional photo),
commented on by the placement's supervisors.

Photos are stored like documents: under a random name in the private media root (never served raw),
re-encoded without their metadata (EXIF, GPS) by logbook.photos before they are stored.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from placements.models import Placement


def _photo_path(instance, filename):
    # A random name: never the uploader's file name, never guessable.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"logbook/{uuid.uuid4().hex}.{extension}"


class LogbookEntry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="logbook_entries")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, help_text=_("Where, in words: a street, a square, a shop."))
    text = models.TextField(_("observation"))
    photo = models.FileField(_("photo"), upload_to=_photo_path, blank=True)
    photo_content_type = models.CharField(max_length=50, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["placement", "-date", "-pk"]
        indexes = [models.Index(fields=["placement", "date"], name="logbook_entry_placement_date")]

    def __str__(self):
        return f"{self.place} ({date_format(self.date, 'SHORT_DATE_FORMAT')})"


class LogbookComment(models.Model):
    entry = models.ForeignKey(LogbookEntry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="logbook_comments"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logbook comment")
        verbose_name_plural = _("logbook comments")
        ordering = ["entry", "created_at", "pk"]

    def __str__(self):
        return f"{self.author} – {self.entry}"
