from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form
from core.widgets import DateInput


class LogbookEntryForm(Form):
    date = DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(
        label=_("Place"), max_length=200, help_text=_("Where, in words: a street, a square, a shop.")
    )
    text = forms.CharField(label=_("Observation"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(
        label=_("Photo (JPG or PNG, at most 10 MB)"),
        required=False,
        help_text=_("Its location data is removed before it is stored."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class LogbookCommentForm(Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
