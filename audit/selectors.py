from django.db import models

from .services import audit_entries_for


def _change_lines(changes: dict) -> list[tuple[str, str]]:
    lines = []
    for field, change in changes.items():
        if isinstance(change, list) and len(change) == 2:
            lines.append((field, f"{change[0]} → {change[1]}"))
        else:
            lines.append((field, str(change)))
    return lines


def audit_trail(instance: models.Model, *, limit: int = 50) -> list:
    """The latest entries about `instance` (two queries at most: entries with actors), each with change_lines."""
    entries = list(audit_entries_for(instance)[:limit])
    for entry in entries:
        entry.change_lines = _change_lines(entry.changes)
    return entries
