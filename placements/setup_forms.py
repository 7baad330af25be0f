"""The assignment form of the leader's set-up pages. The rules are placements.services.assignment_check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form, LineField
from core.widgets import DateInput
from organisations.models import Unit
from programmes.models import Level, Supervisor


class TagsField(forms.CharField):
    """Comma-separated tags (e.g. "data, law") as a list, each once; what the matching compares."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value)
        return list(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


class SupervisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.name} – {obj.job_title}" if obj.job_title else obj.user.name


class AssignmentForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = LineField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    capacity = forms.IntegerField(label=_("Capacity per round"), min_value=1, max_value=1000, initial=1)
    min_capacity = forms.IntegerField(
        label=_("Minimum students per round"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("The matching tries to place at least this many students."),
    )
    wanted_backgrounds = TagsField(
        label=_("Wanted backgrounds"),
        max_length=500,
        required=False,
        help_text=_("Comma-separated, as on the students' profiles, e.g. data, law, psychology."),
    )
    wanted_levels = forms.MultipleChoiceField(
        label=_("Wanted levels"), choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    default_supervisor = SupervisorChoiceField(
        label=_("Default supervisor"),
        queryset=Supervisor.objects.none(),
        required=False,
        help_text=_("A person of the unit's organisation."),
    )
    available_from = DateField(label=_("Available from"), required=False, widget=DateInput())
    available_until = DateField(label=_("Available until"), required=False, widget=DateInput())
    is_group = forms.BooleanField(label=_("Group assignment"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.select_related("organisation").order_by("organisation__name", "name")
        self.fields["default_supervisor"].queryset = supervisors.order_by("user__name", "pk")
