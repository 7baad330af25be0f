"""The portal's forms: the base forms every form of the apps derives from, and the fields that refuse, with
a clear message, what the database or a file format cannot hold.

Django writes the empty choice of a select as "---------" (ModelChoiceField.empty_label, the blank choice of
a model field's choices, django-filter's empty choice), untranslated. The portal's reads EMPTY_CHOICE
("— kies —") on every select; a label a form chose itself (such as "All") is kept.

Django's CharField already refuses NUL bytes; the fields here add what it leaves to each form: a date within
the portal's window (PostgreSQL and the calendar feed choke on year 9999, and no placement runs in 0001), one
line for a name (an e-mail header and an iCal line cannot hold a line break) and a length for free text
that ends up in a column. Every form uses them instead of Django's own, so the rule lives here once.

form_save and form_page: what every app's views do with a form and a service, the service's refusal shown on
the form.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .widgets import DateInput

EMPTY_CHOICE = pgettext_lazy("the empty choice of a select", "— choose —")
DJANGO_EMPTY_CHOICE = "---------"


class EmptyChoiceMixin:
    """Replaces Django's "---------" by EMPTY_CHOICE in every choice field of the form, once built."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "empty_label", None) == DJANGO_EMPTY_CHOICE:
                # ModelChoiceField and django-filter's choice fields read it whenever their choices are listed;
                # the widget's choices, copied with the form's fields, may still list the class's field
                field.empty_label = EMPTY_CHOICE
                field.widget.choices = field.choices
            elif isinstance(field, forms.ChoiceField) and not hasattr(field, "empty_label"):
                choices = list(field.choices)
                if ("", DJANGO_EMPTY_CHOICE) in choices:
                    field.choices = [
                        ("", EMPTY_CHOICE) if choice == ("", DJANGO_EMPTY_CHOICE) else choice for choice in choices
                    ]


class Form(EmptyChoiceMixin, forms.Form):
    pass


class ModelForm(EmptyChoiceMixin, forms.ModelForm):
    pass


DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # what str.splitlines() splits on


def validate_date_window(value: date) -> None:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Choose a date between %(min)s and %(max)s."),
            code="date_window",
            params={
                "min": date_format(DATE_MIN, "SHORT_DATE_FORMAT"),
                "max": date_format(DATE_MAX, "SHORT_DATE_FORMAT"),
            },
        )


def validate_single_line(value: str) -> None:
    if any(character in LINE_BREAKS for character in value):
        raise ValidationError(_("Write this on one line."), code="line_break")


def validate_lines_length(max_length: int):
    """Each line of a text that becomes one row per line (learning goals) fits its column."""

    def validate(value: str) -> None:
        if any(len(line.strip()) > max_length for line in value.splitlines()):
            raise ValidationError(
                _("Keep each line to at most %(max)d characters."), code="line_length", params={"max": max_length}
            )

    return validate


class DateField(forms.DateField):
    """A date between 2000 and 2100, with the browser's date picker."""

    default_validators = [validate_date_window]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


class LineField(forms.CharField):
    """One line of text: a name, a title, a place."""

    default_validators = [validate_single_line]


def id_from_text(value) -> int | None:
    """A primary key from a query string or a posted field, or None for anything else.

    str.isdigit() alone lets through '²' and other Unicode digits, which int() and the database refuse.
    """
    text = str(value or "")
    return int(text) if len(text) < 19 and text.isascii() and text.isdigit() else None


def form_save(form, write) -> object | None:
    """Call the service with the form's data; its refusal becomes the form's errors, each at its field where
    the form has one (and None is returned)."""
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
        for field, errors in getattr(exc, "error_dict", {}).items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def form_page(request, form, *, write, done, next_url, template: str, context: dict | None = None):
    """A create or edit page: on a valid POST the service is called (form_save); when it succeeds the page
    says done(obj) and redirects to next_url(obj), else (a GET, or a refusal) the form is shown again."""
    if request.method == "POST" and form.is_valid() and (obj := form_save(form, write)) is not None:
        messages.success(request, done(obj))
        return redirect(next_url(obj))
    return render(request, template, {"form": form, **(context or {})})
