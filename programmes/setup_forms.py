"""Forms of the leader's set-up pages: a programme, a cohort with its members, a unit in the tree.

They type the input and show the friendly message early; the rules themselves are in programmes.services,
organisations.services and organisations.models.unit_parent_problem, which the services ask again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form, LineField
from core.widgets import DateInput
from organisations.models import Organisation, Unit, unit_parent_problem

from .models import Programme, Student


class ProgrammeForm(Form):
    name = LineField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL),
        help_text=_("The organisation that runs the programme and offers its placements."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    start_date = DateField(label=_("Start date"), widget=DateInput())
    end_date = DateField(label=_("End date"), widget=DateInput())
    rotation_length = forms.IntegerField(
        label=_("Rotation length"),
        min_value=1,
        max_value=1000,
        initial=6,
        help_text=_("How long a student stays on one assignment, e.g. 6 months in the work-student pilot."),
    )
    rotation_length_unit = forms.ChoiceField(
        label=_("Rotation length unit"), choices=Programme.LengthUnit.choices, initial=Programme.LengthUnit.MONTHS
    )
    funding = forms.CharField(
        label=_("Funding"), max_length=200, required=False, help_text=_("For example: SAOP grant.")
    )


class StudentsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.name} ({obj.user.email})"


class CohortForm(Form):
    name = LineField(label=_("Name"), max_length=200, help_text=_("For example: February cohort 2027."))
    start_date = DateField(label=_("Start date"), widget=DateInput())
    students = StudentsChoiceField(
        label=_("Members"),
        queryset=Student.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Students of your programmes. New students join through an import or an invitation."),
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students.select_related("user").order_by("user__name", "pk")


class UnitForm(Form):
    """A unit of one of the programme's organisations; its parent a unit of the same organisation that is not
    the unit itself or one of its sub-units (unit_parent_problem)."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = LineField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for a unit at the top of its organisation."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = LineField(label=_("Contact phone"), max_length=40, required=False)

    def __init__(self, *args, organisations, units, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["organisation"].queryset = organisations
        self.fields["parent"].queryset = units.select_related("organisation").order_by("organisation__name", "name")
        if unit is not None:  # a unit stays in its organisation
            self.fields["organisation"].disabled = True
            self.fields["parent"].queryset = self.fields["parent"].queryset.filter(organisation=unit.organisation_id)

    def clean(self):
        data = super().clean()
        organisation, parent = data.get("organisation"), data.get("parent")
        if organisation is not None:
            problem = unit_parent_problem(unit=self.unit, parent=parent, organisation_id=organisation.pk)
            if problem:
                self.add_error("parent", problem)
        return data
