"""The audit trail: every service that creates, changes or deletes a tracked object calls audit_log.

Services know who acts and why, which database triggers cannot; the trail is therefore written by the
services (and the admin through them), in the same transaction as the change itself.
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.limits import LOOKUP_BATCH

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
    names = fields or [
        field.name
        for field in instance._meta.get_fields()  # the documented _meta API (concrete_fields is not)
        if field.concrete and not field.many_to_many and field.name != "id"  # a many-to-many field is "concrete"
    ]
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


def save_audited(*, instance: models.Model, values: dict, actor, action: str) -> dict:
    """Set `values` on the instance, save those fields, and audit what changed (nothing when nothing did);
    the caller has checked the values and holds the transaction. Returns the changes."""
    fields = list(values)
    before = snapshot(instance, fields)
    for field, value in values.items():
        setattr(instance, field, value)
    instance.save(update_fields=fields)
    if changes := diff(before, snapshot(instance, fields)):
        audit_log(actor=actor, action=action, instance=instance, changes=changes)
    return changes


def audit_log_many(*, actor, action: str, model: type[models.Model], entries: list[tuple]) -> None:
    """audit_log for many objects of one model at once (bulk_create), for the daily jobs.

    Each entry is (object id, changes, text), text being what str(object) would say: the jobs read plain
    rows rather than build an instance of the logged model per row.
    """
    if not entries:
        return
    content_type_id = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=action,
                actor_id=actor_id,
                content_type_id=content_type_id,
                object_id=str(pk),
                object_repr=text[:300],
                changes={key: _plain(value) for key, value in changes.items()},
            )
            for pk, changes, text in entries
        ],
        batch_size=LOOKUP_BATCH,
    )


def audit_entries_for(instance: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False), object_id=str(instance.pk)
    ).select_related("actor")


plain_value = _plain  # public name for other apps' exports
