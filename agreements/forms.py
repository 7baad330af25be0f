from django import forms

from core.forms import Form

from .models import Party


class AcceptForm(Form):
    """The party a person agrees for and the version they read (a newer version is not agreed unread)."""

    party = forms.ChoiceField(choices=Party.choices)
    version = forms.IntegerField(min_value=1, max_value=32767)
