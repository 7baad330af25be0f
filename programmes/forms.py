from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Unit

from .goal_scales import GoalScale
from .models import Cohort, Level


class InvitationForm(forms.Form):
    """A leader invites a new student (into one of their cohorts) or supervisor (into a unit)."""

    ROLE_STUDENT = "student"
    ROLE_SUPERVISOR = "supervisor"

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(ROLE_STUDENT, _("Student")), (ROLE_SUPERVISOR, _("Supervisor"))],
        widget=forms.RadioSelect,
        initial=ROLE_STUDENT,
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, help_text=_("Required for a student.")
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", "---------"), *Level.choices], required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, help_text=_("Required for a supervisor.")
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(programme__in=programmes).select_related("programme")
        self.fields["unit"].queryset = (
            Unit.objects.filter(assignments__programme__in=programmes).distinct().select_related("organisation")
        )

    def clean(self):
        data = super().clean()
        if data.get("role") == self.ROLE_STUDENT and not data.get("cohort"):
            self.add_error("cohort", _("Choose the cohort the student joins."))
        if data.get("role") == self.ROLE_SUPERVISOR and not data.get("unit"):
            self.add_error("unit", _("Choose the unit the supervisor works in."))
        return data


class GoalScaleForm(forms.Form):
    goal_scale = forms.ChoiceField(
        label=_("Scale for learning goals"),
        choices=GoalScale.choices,
        widget=forms.RadioSelect,
        help_text=_("Supervisors and students choose one of its levels per learning goal at every evaluation."),
    )


class ProgrammeGoalForm(forms.Form):
    description = forms.CharField(label=_("Standard learning goal"), max_length=300)
