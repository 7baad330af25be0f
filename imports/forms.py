from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form
from programmes.models import Cohort, Programme

from .kinds import KINDS
from .models import ImportJob
from .parsing import compact


class ImportForm(Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    kind = forms.ChoiceField(label=_("The file contains"), choices=ImportJob.Kind.choices)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Students: the cohort of every student whose row names none (the file may lack the column)."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (semicolon, comma or tab separated; UTF-8 or Windows encoding) or Excel XLSX, with Dutch or "
            "English column names; at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.order_by("name")
        self.fields["cohort"].queryset = (
            Cohort.objects.filter(programme__in=programmes)
            .select_related("programme")
            .order_by("programme__name", "name")
        )
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def clean(self):
        data = super().clean()
        cohort, programme = data.get("cohort"), data.get("programme")
        if cohort and programme and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("Choose a cohort of the programme."))
        return data


class ColumnMappingForm(Form):
    """One choice per column of the file: the field it fills, or ignore it."""

    def __init__(self, *args, job, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(ignore this column)"))] + [(c, labels.get(c, c)) for c in KINDS[job.kind].columns]
        self.columns = []
        for index, column in enumerate(job.columns):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=column["name"] or "?", choices=choices, required=False, initial=column["field"] or ""
            )
            self.columns.append((name, column["name"]))

    def mapping(self) -> dict[str, str]:
        return {compact(header): self.cleaned_data[name] for name, header in self.columns}
