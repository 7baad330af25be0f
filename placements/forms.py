from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form, LineField, id_from_text, validate_lines_length
from core.widgets import DateInput, TimeInput
from programmes.models import Cohort, Programme, ProgrammeGoal, Student, Supervisor

from .models import Activity, Assignment, LearningGoal, Placement, ProjectGroup, ProjectGroupMember
from .services import placement_check_supervisor


def assignment_labels(assignments) -> list[tuple[int, str]]:
    """(id, "Unit – title") for each assignment (unit and organisation loaded), ordered by unit and title,
    every label different: one that two assignments share gets the unit's organisation, and if that is
    the same too a number."""
    assignments = sorted(assignments, key=lambda a: (a.unit.name.lower(), a.title.lower(), a.pk))
    labels = [f"{a.unit.name} – {a.title}" for a in assignments]
    twice = {label for label, count in Counter(labels).items() if count > 1}
    labels = [
        f"{label} ({a.unit.organisation.name})" if label in twice else label
        for a, label in zip(assignments, labels, strict=True)
    ]
    seen: Counter = Counter()
    unique = []
    for a, label in zip(assignments, labels, strict=True):
        seen[label] += 1
        unique.append((a.pk, label if seen[label] == 1 else f"{label} ({seen[label]})"))
    return unique


def _assignment_choices(field: forms.ModelChoiceField, queryset) -> None:
    """The field offers the queryset's assignments under their unique labels (one query for the list)."""
    field.queryset = queryset
    field.choices = [("", field.empty_label), *assignment_labels(queryset.select_related("unit__organisation"))]


def _supervisor_choices(field: forms.ModelChoiceField, supervisors, organisation_id=None) -> None:
    """The supervisors grouped by the organisations they work in, only those of `organisation_id` (the chosen
    assignment's) when given: a placement takes one of the assignment's organisation (placements.services.
    placement_check_supervisor checks it, also for a supervisor posted from elsewhere)."""
    supervisors = supervisors.prefetch_related("units__organisation")
    field.queryset = supervisors
    groups: dict[tuple, list] = {}
    for supervisor in supervisors:
        for organisation in {unit.organisation for unit in supervisor.units.all()}:
            if organisation_id in (None, organisation.pk):
                groups.setdefault((organisation.name, organisation.pk), []).append(
                    (supervisor.pk, supervisor.user.name)
                )
    field.choices = [("", field.empty_label)] + [
        (name, sorted(people, key=lambda p: p[1].lower())) for (name, _pk), people in sorted(groups.items())
    ]


class PlacementTermsForm(Form):
    """Where and when a placement runs: the fields every way of placing students shares, and their rule."""

    assignment = forms.ModelChoiceField(label=_("Assignment"), queryset=Assignment.objects.none())
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=Supervisor.objects.none(),
        required=False,
        help_text=_(
            "Someone of the organisation of the assignment's unit. Empty: the assignment's default supervisor."
        ),
    )
    start_date = DateField(label=_("Start date"), widget=DateInput())
    end_date = DateField(label=_("End date"), widget=DateInput())
    rotation_override_reason = forms.CharField(
        label=_("Reason to place on a unit already done"),
        max_length=500,
        required=False,
        help_text=_(
            "Only when a student has already done this unit (or the unit it is part of) in this programme: why "
            "they go there again. It is recorded in the placement's audit trail."
        ),
    )

    def __init__(self, *args, supervisors, refresh_url: str = "", **kwargs):
        """`supervisors`: whom the leader may choose (placements.access.supervisors_for_user). `refresh_url`:
        the page, asked again (htmx) with the chosen assignment for the supervisors of its organisation."""
        super().__init__(*args, **kwargs)
        self._supervisors = supervisors
        if refresh_url:
            self.fields["assignment"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-include": "closest form",
                    "hx-select": "#div_id_supervisor",
                    "hx-target": "#div_id_supervisor",
                    "hx-swap": "outerHTML",
                }
            )

    def _offer_supervisors(self) -> None:
        """Once the assignments are set: the supervisors of the chosen assignment's organisation, or all."""
        chosen = id_from_text(self["assignment"].value())
        organisation_id = None
        if chosen is not None:
            found = self.fields["assignment"].queryset.filter(pk=chosen).values_list("unit__organisation_id", flat=True)
            organisation_id = next(iter(found), None)
        _supervisor_choices(self.fields["supervisor"], self._supervisors, organisation_id)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        if data.get("assignment") and data.get("supervisor"):
            try:
                placement_check_supervisor(supervisor=data["supervisor"], assignment=data["assignment"])
            except ValidationError as exc:
                self.add_error("supervisor", exc)
        return data


class PlacementForm(PlacementTermsForm):
    """A leader places a student by hand (block internships, exchange days, group projects)."""

    field_order = ["student"]

    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    learning_goals = forms.CharField(
        label=_("Learning goals"),
        required=False,
        max_length=30_000,
        validators=[validate_lines_length(LearningGoal._meta.get_field("description").max_length)],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One learning goal per line."),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        cohorts = Cohort.objects.filter(programme__in=programmes).order_by("name")
        students = (
            Student.objects.filter(cohorts__programme__in=programmes)
            .distinct()
            .select_related("user")
            .prefetch_related(Prefetch("cohorts", queryset=cohorts))
            .order_by("user__name", "pk")
        )
        self.fields["student"].queryset = students
        self.fields["student"].choices = [("", self.fields["student"].empty_label)] + [
            (s.pk, f"{s.user.name} ({', '.join(c.name for c in s.cohorts.all())})") for s in students
        ]
        offered = Assignment.objects.filter(programme__in=programmes, is_active=True)
        _assignment_choices(self.fields["assignment"], offered)
        self._offer_supervisors()

    def goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("learning_goals", "").splitlines() if line.strip()]


class PlacementStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Placement.Status.choices)


class ActivityForm(Form):
    """A leader plans an activity for one cohort or for the whole programme."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Empty: every student of the programme takes part."),
    )
    title = LineField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices, initial=Activity.Kind.TRAINING)
    date = DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

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


class AttendanceForm(Form):
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
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    group_name = LineField(
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
        offered = Assignment.objects.filter(programme_id=cohort.programme_id, is_active=True)
        _assignment_choices(self.fields["assignment"], offered)
        self._offer_supervisors()


class ProjectGroupForm(Form):
    """A leader renames a project group and chooses its lead among its members."""

    name = LineField(label=_("Name"), max_length=200)
    lead = forms.ModelChoiceField(label=_("Lead"), queryset=ProjectGroupMember.objects.none(), required=False)

    def __init__(self, *args, members: list[ProjectGroupMember], group: ProjectGroup, **kwargs):
        lead = next((m for m in members if m.is_lead), None)
        kwargs.setdefault("initial", {"name": group.name, "lead": lead.pk if lead else None})
        super().__init__(*args, **kwargs)
        by_pk = {m.pk: m for m in members}
        self.fields["lead"].queryset = group.members.filter(pk__in=by_pk)
        self.fields["lead"].label_from_instance = lambda m: by_pk[m.pk].placement.student.user.name


class PresentationForm(Form):
    """The slot of a project group's final presentation; an empty date clears it."""

    date = DateField(label=_("Date"), widget=DateInput(), required=False)
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)


class LearningGoalForm(Form):
    description = forms.CharField(label=_("Learning goal"), max_length=300)


class GoalCopyForm(Form):
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
        _assignment_choices(
            self.fields["assignment"],
            Assignment.objects.filter(
                Q(is_active=True) | Q(pk=placement.assignment_id), programme_id=placement.assignment.programme_id
            ),
        )
        self.fields["supervisor"].help_text = _("Empty: no supervisor.")


class PlacementStepForm(Form):
    """A form of one step on a placement (placements.change_views), made for the placement it changes."""

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement


class PlacementEndForm(PlacementStepForm):
    end_date = DateField(label=_("Last day"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class PlacementExtendForm(PlacementStepForm):
    end_date = DateField(label=_("New end date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = self.placement.end_date  # from which the leader extends


class PlacementCancelForm(PlacementStepForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
