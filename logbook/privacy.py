"""A student's logbook in the export (with the comments on it), a supervisor's comments in theirs; on
erasure, and so after the retention period, the student's entries and photos go, and a commenter's comments."""

from functools import partial

from django.db import transaction

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import LogbookComment, LogbookEntry


@personal_data_exports.register
def export(user) -> dict:
    entries = (
        LogbookEntry.objects.filter(placement__student__user=user)
        .select_related("placement__assignment")
        .prefetch_related("comments")
        .order_by("date", "pk")
    )
    written = LogbookComment.objects.filter(author=user).select_related("entry").order_by("created_at", "pk")
    data = {}
    if entries:
        data["logbook"] = [
            {
                "assignment": entry.placement.assignment.title,
                "date": plain_value(entry.date),
                "place": entry.place,
                "text": entry.text,
                "has_photo": bool(entry.photo),
                "comments": [comment.text for comment in entry.comments.all()],
            }
            for entry in entries
        ]
    if written:
        data["logbook_comments"] = [
            {"entry_date": plain_value(c.entry.date), "comment": c.text, "written_at": plain_value(c.created_at)}
            for c in written
        ]
    return data


@personal_data_erasures.register
def erase(user) -> None:
    for entry in LogbookEntry.objects.filter(placement__student__user=user).exclude(photo=""):
        # Only once the erasure is committed: a rolled-back erasure keeps its photos.
        transaction.on_commit(partial(entry.photo.storage.delete, entry.photo.name))
    LogbookEntry.objects.filter(placement__student__user=user).delete()
    LogbookComment.objects.filter(author=user).delete()
