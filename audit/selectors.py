from django.db import models

from .describe import EntryInWords, entry_in_words
from .services import audit_entries_for


def audit_trail(instance: models.Model, *, limit: int = 50) -> list[EntryInWords]:
    """The latest entries about `instance` in words (audit.describe), newest first; one query (the entries
    with their actors)."""
    return [entry_in_words(entry) for entry in audit_entries_for(instance)[:limit]]
