from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form, LineField
from organisations.models import Organisation, Unit

from .goal_scales import GoalScale
from .models import Cohort, Level, SchoolSupervisor


class InvitationForm(Form):
    """A leader invites a new student (into one of their cohorts) or supervisor (into a unit)."""

    ROLE_STUDENT = "student"
    ROLE_SUPERVISOR = "supervisor"

    name = LineField(label=_("Name"), max_length=200)
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
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The schools taking part in your programmes."),
    )
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
        self.fields["school"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.SCHOOL, programme_links__programme__in=programmes
        ).distinct()

    def clean(self):
        data = super().clean()
        if data.get("role") == self.ROLE_STUDENT and not data.get("cohort"):
            self.add_error("cohort", _("Choose the cohort the student joins."))
        cohort, school = data.get("cohort"), data.get("school")
        is_student = data.get("role") == self.ROLE_STUDENT
        takes_part = (
            school is not None
            and cohort is not None
            and school.programme_links.filter(programme=cohort.programme_id).exists()
        )
        if is_student and school and cohort and not takes_part:
            self.add_error("school", _("This school does not take part in the cohort's programme."))
        if data.get("role") == self.ROLE_SUPERVISOR and not data.get("unit"):
            self.add_error("unit", _("Choose the unit the supervisor works in."))
        return data


class GoalScaleForm(Form):
    goal_scale = forms.ChoiceField(
        label=_("Scale for learning goals"),
        choices=GoalScale.choices,
        widget=forms.RadioSelect,
        help_text=_("Supervisors and students choose one of its levels per learning goal at every evaluation."),
    )


class ProgrammeGoalForm(Form):
    description = forms.CharField(label=_("Standard learning goal"), max_length=300)


class ProgrammeSchoolForm(Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none())

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).exclude(
            programme_links__programme=programme
        )


class StudentSchoolForm(Form):
    """A student's school (one taking part in the programme) and school supervisor (a person of it)."""

    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none(), required=False)
    school_supervisor = forms.ModelChoiceField(
        label=_("School supervisor"), queryset=SchoolSupervisor.objects.none(), required=False
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, programme_links__programme=programme)
        self.fields["school"].queryset = schools
        self.fields["school_supervisor"].queryset = SchoolSupervisor.objects.filter(school__in=schools).select_related(
            "user", "school"
        )

    def clean(self):
        data = super().clean()
        supervisor = data.get("school_supervisor")
        if supervisor is not None and supervisor.school_id != getattr(data.get("school"), "pk", None):
            self.add_error("school_supervisor", _("Choose a school supervisor of the student's school."))
        return data
