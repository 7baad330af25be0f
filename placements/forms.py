from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, TimeInput
from programmes.models import Cohort, Programme, ProgrammeGoal, Student, Supervisor

from .models import Activity, Assignment, Placement, ProjectGroup, ProjectGroupMember


def assignment_label(assignment: Assignment) -> str:
    return f"{assignment.title} ({assignment.unit.name})"


class PlacementTermsForm(forms.Form):
    """Where and when a placement runs: the fields every way of placing students shares, and their rule."""

    assignment = forms.ModelChoiceField(label=_("Assignment"), queryset=Assignment.objects.none())
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=Supervisor.objects.none(),
        required=False,
        help_text=_("Empty: the assignment's default supervisor."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())

    def __init__(self, *args, supervisors, **kwargs):
        """`supervisors`: whom the leader may choose (placements.access.supervisors_for_user)."""
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class PlacementForm(PlacementTermsForm):
    """A leader places a student by hand (block internships, exchange days, group projects)."""

    field_order = ["student"]

    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
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

    def goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("learning_goals", "").splitlines() if line.strip()]


class PlacementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Placement.Status.choices)


class ActivityForm(forms.Form):
    """A leader plans an activity for one cohort or for the whole programme."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Empty: every student of the programme takes part."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices, initial=Activity.Kind.TRAINING)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["cohort"].queryset = Cohort.objects.filter(programme__in=programmes).select_related("programme")
        only = list(programmes[:2])
        if len(only) == 1:  # most leaders run one programme: choose it for them
            self.fields["programme"].initial = only[0].pk

    def clean(self):
        data = super().clean()
        programme, cohort = data.get("programme"), data.get("cohort")
        if programme and cohort and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("This cohort belongs to another programme."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data


class AttendanceForm(forms.Form):
    """One choice per participant: present, absent or not registered."""

    CHOICES = [("", _("Not registered")), ("yes", _("Present")), ("no", _("Absent"))]

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendances = attendances
        for row in attendances:
            initial = "" if row.attended is None else ("yes" if row.attended else "no")
            self.fields[f"s_{row.student_id}"] = forms.ChoiceField(
                label=row.student.user.name, choices=self.CHOICES, required=False, initial=initial
            )

    def attended(self) -> dict[int, bool | None]:
        values = {row.student_id: self.cleaned_data.get(f"s_{row.student_id}") for row in self.attendances}
        return {pk: None if not v else v == "yes" for pk, v in values.items()}


class GroupPlacementForm(PlacementTermsForm):
    """Several students of one cohort on one assignment with the same dates."""

    field_order = ["students"]

    students = forms.ModelMultipleChoiceField(
        label=_("Students"), queryset=Student.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    group_name = forms.CharField(
        label=_("Group name"),
        max_length=200,
        required=False,
        help_text=_("For a group assignment: the students become a project group. Empty: “Group N”."),
    )
    lead = forms.ModelChoiceField(
        label=_("Group lead"),
        queryset=Student.objects.none(),
        required=False,
        help_text=_("For a group assignment: one of the students chosen above."),
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = cohort.students.select_related("user").order_by("user__name")
        self.fields["lead"].queryset = self.fields["students"].queryset
        self.fields["assignment"].queryset = Assignment.objects.filter(
            programme_id=cohort.programme_id, is_active=True
        ).select_related("unit")
        self.fields["assignment"].label_from_instance = assignment_label


class ProjectGroupForm(forms.Form):
    """A leader renames a project group and chooses its lead among its members."""

    name = forms.CharField(label=_("Name"), max_length=200)
    lead = forms.ModelChoiceField(label=_("Lead"), queryset=ProjectGroupMember.objects.none(), required=False)

    def __init__(self, *args, members: list[ProjectGroupMember], group: ProjectGroup, **kwargs):
        lead = next((m for m in members if m.is_lead), None)
        kwargs.setdefault("initial", {"name": group.name, "lead": lead.pk if lead else None})
        super().__init__(*args, **kwargs)
        by_pk = {m.pk: m for m in members}
        self.fields["lead"].queryset = group.members.filter(pk__in=by_pk)
        self.fields["lead"].label_from_instance = lambda m: by_pk[m.pk].placement.student.user.name


class PresentationForm(forms.Form):
    """The slot of a project group's final presentation; an empty date clears it."""

    date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)


class LearningGoalForm(forms.Form):
    description = forms.CharField(label=_("Learning goal"), max_length=300)


class GoalCopyForm(forms.Form):
    """The programme's standard goals to copy onto a placement: another programme's goal is a form error."""

    goals = forms.ModelMultipleChoiceField(
        label=_("Standard goals of the programme"),
        queryset=ProgrammeGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one goal to copy.")},
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = programme.standard_goals.all()


# --- a leader changes a placement (placements.services.placement_change and its named steps) ---------------


class PlacementChangeForm(PlacementTermsForm):
    """Another assignment, supervisor or dates for a placement; the rules are the service's."""

    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, placement: Placement, **kwargs):
        initial = {
            "assignment": placement.assignment_id,
            "supervisor": placement.supervisor_id,
            "start_date": placement.start_date,
            "end_date": placement.end_date,
            "notes": placement.notes,
        }
        super().__init__(*args, initial=initial, **kwargs)
        # The programme's assignments on offer, and the placement's own even when no longer offered.
        self.fields["assignment"].queryset = Assignment.objects.filter(
            Q(is_active=True) | Q(pk=placement.assignment_id), programme_id=placement.assignment.programme_id
        ).select_related("unit")
        self.fields["assignment"].label_from_instance = assignment_label
        self.fields["supervisor"].help_text = _("Empty: no supervisor.")


class PlacementStepForm(forms.Form):
    """A form of one step on a placement (placements.change_views), made for the placement it changes."""

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement


class PlacementEndForm(PlacementStepForm):
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class PlacementExtendForm(PlacementStepForm):
    end_date = forms.DateField(label=_("New end date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = self.placement.end_date  # from which the leader extends


class PlacementCancelForm(PlacementStepForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
