from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import Form

from .models import MAX_WEEK_HOURS
from .services import hours_week_check


def week_label(monday) -> str:
    year, week, _day = monday.isocalendar()
    return gettext("Week %(week)d of %(year)d (from %(monday)s)") % {
        "week": week,
        "year": year,
        "monday": date_format(monday, "SHORT_DATE_FORMAT"),
    }


class HoursWeekForm(Form):
    """The student records a week: hours worked, hours absent and a note; saved as a draft or submitted."""

    week = forms.ChoiceField(label=_("Week"), choices=[])
    hours_worked = forms.DecimalField(
        label=_("Hours worked"), min_value=0, max_value=MAX_WEEK_HOURS, max_digits=4, decimal_places=1
    )
    absence_hours = forms.DecimalField(
        label=_("Hours absent"), min_value=0, max_value=MAX_WEEK_HOURS, max_digits=4, decimal_places=1, initial=0
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the reason of an absence."),
    )

    def __init__(self, *args, placement, weeks, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement, self.today = placement, today
        self.weeks = {monday.isoformat(): monday for monday in weeks}
        self.fields["week"].choices = [(key, week_label(monday)) for key, monday in reversed(self.weeks.items())]

    def clean_week(self):
        return self.weeks[self.cleaned_data["week"]]  # a choice field: only offered weeks get here

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            hours_week_check(
                placement=self.placement,
                week_start=data["week"],
                hours_worked=data["hours_worked"],
                absence_hours=data["absence_hours"],
                today=self.today,
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class HoursReviewForm(Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the student should correct when you return a week."))
        return data


class RequiredHoursForm(Form):
    required_hours = forms.IntegerField(
        label=_("Required hours per placement"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("For example the BPV hours of an MBO block internship. Leave empty when hours are not kept."),
    )
