"""The audit trail in words, in the reader's language: the one renderer of every page that shows a trail.

An entry stores codes and raw values (audit.services: field names, choice values, ISO dates, the str of
related objects). Reading it, the action code becomes a sentence (audit.actions), a field its model's
verbose name, a choice its label, a date or a number the active language's format, and an empty value a
word. The admin keeps showing the raw entry.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .actions import ACTIONS, CHANGE_LABELS, FIELD_CHANGE_VERBS, GENERIC, LIST_VALUES, ROW_CHANGES, VERBS
from .models import AuditEntry

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class EntryInWords:
    """One entry as a reader sees it: when, who, the sentences saying what happened, and the details
    (label, value) of what an entry that is not a plain change of fields recorded."""

    entry: AuditEntry
    when: datetime
    actor: str
    sentences: list[str]
    details: list[tuple[str, str]] = field(default_factory=list)


def _model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _row_change_label(name: str) -> str | None:
    """ "learninggoal.added" (inline rows saved in the admin) as "Learning goal added"."""
    model_name, _dot, verb = name.partition(".")
    if verb not in ROW_CHANGES:
        return None
    found = next((m for m in apps.get_models() if m._meta.model_name == model_name), None)
    kind = capfirst(str(found._meta.verbose_name_plural)) if found else model_name
    return str(ROW_CHANGES[verb]) % {"kind": kind}


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The field's verbose name; a relation left with the default name (from the attribute) is called
    after the model it points to, whose verbose name is translated."""
    model_field = _model_field(model, name)
    if model_field is None:
        return _row_change_label(name) or str(CHANGE_LABELS.get(name, name.replace("_", " ")))
    label = str(model_field.verbose_name)
    if model_field.is_relation and model_field.related_model and label == name.replace("_", " "):
        related = model_field.related_model._meta
        label = str(related.verbose_name_plural if model_field.many_to_many else related.verbose_name)
    return label


def value_text(model: type[models.Model] | None, name: str, value) -> str:
    """A stored value as the reader reads it: a choice's label, a localised date or number, words for
    empty and yes/no; a list joined."""
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, list):
        return ", ".join(value_text(model, name, item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    model_field = _model_field(model, name)
    if model_field is not None and model_field.choices:
        choices = {str(key): label for key, label in model_field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, str) and _ISO_DATE.match(value):
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, int | float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_text(model, key, item)}" for key, item in value.items())
    return str(value)


def _field_sentence(*, actor: str, obj: str, label: str, before: str, after: str, empty: str) -> str:
    names = {"actor": actor, "object": obj, "field": label, "old": before, "new": after}
    if before == empty:
        return _("%(actor)s set the %(field)s of %(object)s to %(new)s") % names
    if after == empty:
        return _("%(actor)s cleared the %(field)s of %(object)s (was %(old)s)") % names
    return _("%(actor)s changed the %(field)s of %(object)s to %(new)s (was %(old)s)") % names


def _is_pair(name: str, change) -> bool:
    return isinstance(change, list) and len(change) == 2 and name not in LIST_VALUES and "." not in name


def _shown(model: type[models.Model] | None, name: str) -> bool:
    """Whether a recorded value is worth a line: not a field the system fills (a creation time)."""
    model_field = _model_field(model, name)
    return model_field is None or model_field.editable


def entry_in_words(entry: AuditEntry) -> EntryInWords:
    """The entry in the active language. Reads the entry's content type from ContentType's cache: no query
    besides the entry and its actor."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    actor = entry.actor.name if entry.actor_id and entry.actor else _("the system")
    kind = capfirst(str(model._meta.verbose_name)) if model else _("Object")
    names = {"actor": actor, "object": entry.object_repr, "kind": kind}
    verb = entry.action.rpartition(".")[2]
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    empty = _("(empty)")
    sentences, details = [], []
    fields_changed = verb in FIELD_CHANGE_VERBS and changes and all(_is_pair(n, c) for n, c in changes.items())
    if fields_changed and all(_model_field(model, name) for name in changes):
        for name, (before, after) in changes.items():
            sentences.append(
                _field_sentence(
                    actor=actor,
                    obj=entry.object_repr,
                    label=field_label(model, name),
                    before=value_text(model, name, before),
                    after=value_text(model, name, after),
                    empty=empty,
                )
            )
    else:
        template = ACTIONS.get(entry.action) or VERBS.get(verb) or GENERIC
        sentences.append(str(template) % names)
        for name, change in changes.items():
            if not _shown(model, name):
                continue
            if _is_pair(name, change):
                before, after = (value_text(model, name, value) for value in change)
                text = after if before == after else f"{before} → {after}"
            else:
                text = value_text(model, name, change)
            if text != empty:
                details.append((capfirst(field_label(model, name)), text))
    sentences = [capfirst(sentence) for sentence in sentences]
    return EntryInWords(entry=entry, when=entry.created_at, actor=actor, sentences=sentences, details=details)
