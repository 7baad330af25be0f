"""The portal's base forms: every form of the apps derives from Form or ModelForm here.

Django writes the empty choice of a select as "---------" (ModelChoiceField.empty_label, the blank choice of
a model field's choices, django-filter's empty choice), untranslated. The portal's reads EMPTY_CHOICE
("— kies —") on every select; a label a form chose itself (such as "All") is kept.
"""

from django import forms
from django.utils.translation import pgettext_lazy

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
