from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assignment, Placement, Student, Supervisor


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlacementForm(forms.Form):
    """A leader places a student by hand (block internships, exchange days, group projects)."""

    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    assignment = forms.ModelChoiceField(label=_("Assignment"), queryset=Assignment.objects.none())
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=Supervisor.objects.none(),
        required=False,
        help_text=_("Empty: the assignment's default supervisor."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    learning_goals = forms.CharField(
        label=_("Learning goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One learning goal per line."),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = (
            Student.objects.filter(cohorts__programme__in=programmes).distinct().select_related("user")
        )
        self.fields["assignment"].queryset = Assignment.objects.filter(
            programme__in=programmes, is_active=True
        ).select_related("unit")
        self.fields["supervisor"].queryset = Supervisor.objects.select_related("user")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data

    def goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("learning_goals", "").splitlines() if line.strip()]


class PlacementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Placement.Status.choices)
