"""Form pieces for long choice lists: a leader's programmes have hundreds of units."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .html import join_rows


class FastSelect(forms.Select):
    """A <select> written in one pass: Django renders one template per <option>, too slow for hundreds of units."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        # Written by join_rows: format_html per option costs more than the rest of the <select> together.
        options = join_rows(
            '<option value="{}"{}>{}</option>',
            ((v, _SELECTED if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, attrs) | {"name": name}), options
        )


_SELECTED = mark_safe(" selected")


class _LabelRows(ModelChoiceIterator):
    """The options as (pk, label) rows read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *parts in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, " – ".join(parts))


class LabelledChoiceField(forms.ModelChoiceField):
    """A model choice whose options are read as rows, labelled by `label_fields` joined with " – " as the
    models' own __str__ does: a leader's programmes have hundreds of units. Validation is unchanged (the
    chosen pk is looked up in the queryset)."""

    iterator = _LabelRows

    def __init__(self, *args, label_fields=("name",), **kwargs):
        self.label_fields = label_fields
        super().__init__(*args, **kwargs)
