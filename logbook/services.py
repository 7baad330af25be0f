"""Writes of the logbook: the student adds and removes observations, the supervisors comment on them.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule
is broken, and then writes nothing.
"""

from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_log
from placements.models import Placement

from .models import LogbookComment, LogbookEntry
from .photos import photo_clean


def logbook_entry_check(*, placement: Placement, day: date, today: date) -> None:
    """An entry's date lies within the placement's period and not in the future. Raises ValidationError."""
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement has no logbook."), code="cancelled")
    if day > today:
        raise ValidationError(_("An observation cannot be dated in the future."), code="future")
    if not placement.start_date <= day <= placement.end_date:
        raise ValidationError(
            _("Choose a date within the placement (%(start)s – %(end)s).")
            % {
                "start": date_format(placement.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(placement.end_date, "SHORT_DATE_FORMAT"),
            },
            code="period",
        )


@transaction.atomic
def logbook_entry_create(
    *, placement: Placement, day: date, place: str, text: str, photo=None, actor=None, today: date | None = None
) -> LogbookEntry:
    """Add an observation; a photo is stored without its metadata (logbook.photos). Audited (date and
    place, not the text). Raises ValidationError."""
    logbook_entry_check(placement=placement, day=day, today=today or timezone.localdate())
    place, text = place.strip(), text.strip()
    if not place or not text:
        raise ValidationError(_("Say where you observed and what."), code="empty")
    entry = LogbookEntry(placement=placement, date=day, place=place, text=text)
    if photo is not None:
        content, entry.photo_content_type = photo_clean(upload=photo)
        entry.photo.save(content.name, content, save=False)
    entry.save()
    changes = {"date": day, "place": place, "photo": bool(entry.photo)}
    audit_log(actor=actor, action="logbook_entry.created", instance=entry, changes=changes)
    return entry


@transaction.atomic
def logbook_entry_delete(*, entry: LogbookEntry, actor=None) -> None:
    """Remove an entry with its comments; its photo goes once the removal is committed. Audited."""
    if entry.photo:
        transaction.on_commit(partial(entry.photo.storage.delete, entry.photo.name))
    audit_log(actor=actor, action="logbook_entry.deleted", instance=entry, changes={"date": entry.date})
    entry.delete()


@transaction.atomic
def logbook_comment_add(*, entry: LogbookEntry, text: str, actor) -> LogbookComment:
    """A supervisor's comment on an entry. Audited. Raises ValidationError for an empty comment."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a comment."), code="empty")
    comment = LogbookComment.objects.create(entry=entry, author=actor, text=text)
    audit_log(actor=actor, action="logbook_comment.added", instance=entry, changes={"comment": comment.pk})
    return comment
