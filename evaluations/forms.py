from operator import attrgetter

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form, LineField, ModelForm
from core.widgets import DateInput
from organisations.models import Organisation, Unit
from programmes.access import programmes_for_user

from .access import questionnaires_usable_by
from .models import Audience, Question, Questionnaire

LIKERT_CHOICES = [(str(v), str(v)) for v in range(1, 6)]


def _field(question: Question) -> forms.Field:
    # Fields are optional here so a draft may be partial; the service decides what a submission needs.
    label = question.text if question.required else _("%(question)s (optional)") % {"question": question.text}
    if question.kind == Question.Kind.LIKERT:
        return forms.ChoiceField(
            label=label,
            choices=LIKERT_CHOICES,
            widget=forms.RadioSelect,
            required=False,
            help_text=_("1 = strongly disagree, 5 = strongly agree"),
        )
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(
            label=label, choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, required=False
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
    return forms.CharField(label=label, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ResponseForm(Form):
    def __init__(self, *args, questions, goals=(), goal_scale=None, initial_answers=None, initial_goals=None, **kwargs):
        """`goals`: the placement's learning goals, each asked on `goal_scale` (a programmes.goal_scales
        Levels); `initial_goals`: a draft's levels by goal id."""
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.goals = goals
        for question in questions:
            self.fields[f"q_{question.pk}"] = _field(question)
            if initial_answers and question.pk in initial_answers:
                self.initial[f"q_{question.pk}"] = initial_answers[question.pk]
        for goal in goals:
            # TypedChoiceField: a level off the scale is a form error ("select a valid choice"), never a 500.
            self.fields[f"g_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.description,
                choices=goal_scale.choices(),
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
            )
            if initial_goals and goal.pk in initial_goals:
                self.initial[f"g_{goal.pk}"] = initial_goals[goal.pk]

    def question_fields(self) -> list:
        return [self[f"q_{q.pk}"] for q in self.questions]

    def goal_fields(self) -> list:
        return [self[f"g_{g.pk}"] for g in self.goals]

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") for q in self.questions}

    def goal_levels(self) -> dict[int, int | None]:
        """The level chosen per learning goal id (None: not chosen)."""
        return {g.pk: self.cleaned_data.get(f"g_{g.pk}") for g in self.goals}


class QuestionnaireForm(ModelForm):
    """A questionnaire's name, respondent and owner: one of the person's programmes, or the organisation of
    one of them (for all that organisation's programmes)."""

    class Meta:
        model = Questionnaire
        fields = ["name", "audience", "programme", "organisation", "is_active"]
        help_texts = {
            "programme": _("Only this programme's leaders see and use it."),
            "organisation": _("Or: all programmes of this organisation may use it."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        led = programmes_for_user(user)
        self.fields["programme"].queryset = led
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=led.values("organisation_id"))


class QuestionForm(Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    # The initial kind is what a blank extra form posts: it then counts as unchanged and is left out.
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices, initial=Question.Kind.LIKERT)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices (one per line)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        options = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
            raise forms.ValidationError(_("A choice question needs at least two choices."))
        data["choices"] = options
        return data


MAX_QUESTIONS = 50
# A hard cap: a posted TOTAL_FORMS of a million would otherwise build (and render) Django's 2,000-form maximum.
QuestionFormSet = forms.formset_factory(
    QuestionForm,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=MAX_QUESTIONS,
    absolute_max=MAX_QUESTIONS,
    validate_max=True,
)


class CohortReportForm(Form):
    summary = forms.CharField(
        label=_("Your summary"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class ResultsFilterForm(Form):
    """Narrow results or the placement selection to one cohort and/or unit of the programme (GET)."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False, empty_label=_("All cohorts"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("All units"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = programme.cohorts.all()
        self.fields["unit"].queryset = Unit.objects.filter(assignments__programme=programme).distinct()
        # Named only: the programme is known, and these name no other organisation's units.
        for name in ("cohort", "unit"):
            self.fields[name].label_from_instance = attrgetter("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {"cohort": None, "unit": None}
        return {"cohort": self.cleaned_data["cohort"], "unit": self.cleaned_data["unit"]}


class RequestBatchForm(Form):
    """The leader's selection for hand-made evaluation requests at one of the programme's moments."""

    moment = forms.ModelChoiceField(
        label=_("Evaluation moment"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the evaluation moment."), "invalid_choice": _("Choose a moment.")},
    )
    placements = forms.ModelMultipleChoiceField(
        label=_("Placements"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one placement.")},
    )
    audiences = forms.MultipleChoiceField(
        label=_("Ask"),
        choices=Audience.choices,
        initial=[Audience.STUDENT, Audience.SUPERVISOR],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose whom to ask: the student, the supervisor or the school supervisor.")},
    )
    due_date = DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to use the moment's evaluation period."),
    )

    def __init__(self, *args, placements, moments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moment"].queryset = moments
        # Only the programme's own placements can be chosen: a foreign id is a form error, never a request.
        self.fields["placements"].queryset = placements


class ReopenForm(Form):
    due_date = DateField(label=_("New due date"), widget=DateInput())


class MomentForm(Form):
    """An evaluation moment of one programme; the questionnaires offered are the programme's own and its
    organisation's, per respondent role."""

    name = LineField(label=_("Name"), max_length=100, help_text=_("For example: mid-term, final."))
    placement_share = forms.IntegerField(
        label=_("Moment in the placement (%)"),
        min_value=0,
        max_value=100,
        initial=100,
        help_text=_("0 is the placement's first day, 50 half-way, 100 its last day."),
    )
    offset_days = forms.IntegerField(
        label=_("Days later"),
        min_value=-366,
        max_value=366,
        initial=0,
        help_text=_("Negative for earlier, e.g. -14 for two weeks before; 1 for the day after."),
    )
    due_days = forms.IntegerField(label=_("Days to complete"), min_value=1, max_value=366, initial=21)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args, programme, moment=None, **kwargs):
        super().__init__(*args, **kwargs)
        usable = questionnaires_usable_by(programme)
        linked = {}
        if moment is not None:
            linked = {link.audience: link.questionnaire_id for link in moment.questionnaire_links.all()}
            for name in ("name", "placement_share", "offset_days", "due_days", "position"):
                self.initial.setdefault(name, getattr(moment, name))
        for audience, label in Audience.choices:
            # An inactive questionnaire stays on offer to the moment that asks it already.
            offered = usable.filter(audience=audience).filter(Q(is_active=True) | Q(pk=linked.get(audience)))
            self.fields[f"questionnaire_{audience}"] = forms.ModelChoiceField(
                label=_("Questionnaire for: %(role)s") % {"role": label},
                queryset=offered.order_by("name", "pk"),
                required=False,
                empty_label=_("(nobody asked)"),
                initial=linked.get(audience),
            )

    def questionnaires(self) -> dict:
        return {audience: self.cleaned_data.get(f"questionnaire_{audience}") for audience, _label in Audience.choices}
