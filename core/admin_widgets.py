"""Admin autocomplete widgets that survive a bad id in the posted form.

Django's AutocompleteSelect re-renders the posted value by filtering the related model on it; a
non-numeric or out-of-range id ("abc", "0.0", 10**30) then raises in the template: a 500 instead of the
form's "Select a valid choice" message. These widgets drop such values before the lookup. Every
ModelAdmin or inline with autocomplete_fields mixes in SafeAutocompleteMixin
(tests/security/test_admin_autocomplete.py posts junk ids to each of them).
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections


def _valid_keys(widget, values) -> list[str]:
    remote = widget.field.remote_field
    opts = remote.model._meta
    target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
    low, high = connections[widget.db or "default"].ops.integer_field_range(target.get_internal_type())
    keys = []
    for value in values:
        try:
            key = target.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        if isinstance(key, int) and not ((low is None or key >= low) and (high is None or key <= high)):
            continue
        if isinstance(key, str) and "\x00" in key:
            continue
        keys.append(value)
    return keys


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class SafeAutocompleteMixin:
    """For a ModelAdmin or an inline: its autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
