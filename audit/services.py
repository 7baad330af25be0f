"""The audit trail: every service that creates, changes or deletes a tracked object calls audit_log.

Services know who acts and why, which database triggers cannot; the trail is therefore written by the
services (and the admin through them), in the same transaction as the change itself.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The instance's concrete field values, for diffing before and after a change."""
    names = fields or [f.name for f in instance._meta.concrete_fields if f.name != "id"]
    return {name: _plain(getattr(instance, name, None)) for name in names}


def diff(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def audit_log(*, actor, action: str, instance: models.Model, changes: dict | None = None) -> AuditEntry:
    """Record `action` (e.g. "placement.updated") on `instance` by `actor` (a user or None for the system)."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes={
            key: [_plain(v) for v in pair] if isinstance(pair, list) else _plain(pair)
            for key, pair in (changes or {}).items()
        },
    )


def audit_log_many(*, actor, action: str, changes_by_instance: list[tuple]) -> None:
    """audit_log for many instances of one model at once (one INSERT per 1,000), for the daily jobs.

    Each item is (instance, changes) or (instance, changes, text) where text is str(instance), when the
    caller has it cheaper than str() would.
    """
    if not changes_by_instance:
        return
    content_type = ContentType.objects.get_for_model(changes_by_instance[0][0], for_concrete_model=False)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=action,
                actor=actor,
                content_type=content_type,
                object_id=str(item[0].pk),
                object_repr=(item[2] if len(item) > 2 else str(item[0]))[:300],
                changes={key: _plain(value) for key, value in item[1].items()},
            )
            for item in changes_by_instance
        ],
        batch_size=1000,
    )


def audit_entries_for(instance: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False), object_id=str(instance.pk)
    ).select_related("actor")


plain_value = _plain  # public name for other apps' exports
