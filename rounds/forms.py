"""Forms of rotation rounds and group placements. The rules themselves live in rounds.py and services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, Form, LineField
from core.widgets import DateInput
from placements.forms import assignment_labels
from placements.models import Assignment
from programmes.models import Cohort, rotation_round_overlap_message, rotation_round_overlapping

from .models import MatchProposal
from .services import MAX_PROPOSED_ROUNDS


class RotationRoundForm(Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none())
    name = LineField(label=_("Name"), max_length=200, help_text=_("For example: Rotation 2, spring 2027."))
    start_date = DateField(label=_("Start date"), widget=DateInput())
    end_date = DateField(label=_("End date"), widget=DateInput())
    preferences_deadline = DateField(
        label=_("Preferences deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Students can rank assignments until the end of this day. It must be before the start date."),
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts

    def clean(self):
        """The friendly overlap message early; rounds.services asks the same (and the database holds it)."""
        data = super().clean()
        cohort, start, end = self._cohort(data), data.get("start_date"), data.get("end_date")
        if cohort is not None and start and end and start <= end:
            clash = rotation_round_overlapping(
                cohort_id=cohort.pk, start_date=start, end_date=end, exclude_id=self._round_id()
            )
            if clash:
                self.add_error("start_date", rotation_round_overlap_message(clash))
        return data

    def _cohort(self, data):
        return data.get("cohort")

    def _round_id(self):
        return None


class RotationRoundEditForm(RotationRoundForm):
    """A round's name and dates; it stays in its cohort."""

    def __init__(self, *args, rotation_round, **kwargs):
        super().__init__(*args, cohorts=Cohort.objects.none(), **kwargs)
        del self.fields["cohort"]
        self.rotation_round = rotation_round

    def _cohort(self, data):
        return self.rotation_round.cohort

    def _round_id(self):
        return self.rotation_round.pk


class RoundsProposeForm(Form):
    count = forms.IntegerField(
        label=_("Number of rounds"),
        min_value=1,
        max_value=MAX_PROPOSED_ROUNDS,
        help_text=_("At most the rounds that end within the programme's period are created."),
    )


class PreferencesForm(Form):
    """One select per rank (1st choice, 2nd choice, ...): works without scripts and on a phone."""

    def __init__(self, *args, offered: list[Assignment], current: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(no choice)"))] + [(str(pk), label) for pk, label in assignment_labels(offered)]
        for rank in range(1, len(offered) + 1):
            self.fields[f"choice_{rank}"] = forms.TypedChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current[rank - 1] if rank <= len(current) else "",
            )

    def assignment_ids(self) -> list[int]:
        """The chosen assignments, 1st choice first; empty selects are skipped."""
        return [self.cleaned_data[name] for name in self.fields if self.cleaned_data.get(name)]


class ProposalMoveForm(Form):
    proposal = forms.ModelChoiceField(label=_("Student"), queryset=MatchProposal.objects.none())
    assignment = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Assignment.objects.none(),
        required=False,
        empty_label=_("(no assignment: leave unplaced)"),
    )

    def __init__(self, *args, rotation_round, offered: list[Assignment], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = MatchProposal.objects.filter(rotation_round=rotation_round).select_related(
            "student__user"
        )
        self.fields["proposal"].label_from_instance = lambda p: str(p.student)
        self.fields["assignment"].queryset = Assignment.objects.filter(pk__in=[a.pk for a in offered])
        self.fields["assignment"].choices = [("", self.fields["assignment"].empty_label), *assignment_labels(offered)]
