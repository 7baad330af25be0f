from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form
from programmes.models import Programme

from .models import ImportJob


class ImportForm(Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    kind = forms.ChoiceField(label=_("The file contains"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon separated, UTF-8 or Windows encoding) or Excel XLSX; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.order_by("name")
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()
