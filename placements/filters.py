"""The leader's placements list: which filters exist and the queryset they narrow.

The base queryset is always scoped to the programmes the person leads (placements.selectors), so a
filter value pointing elsewhere (a foreign programme, cohort or unit) is rejected by the form, never
widened into someone else's data.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import FastSelect, LabelledChoiceField
from organisations.models import Unit
from programmes.models import Cohort, Programme

from .forms import DateInput
from .models import Placement
from .selectors import programmes_led_by


def _programmes(request):
    if request is None:
        return Programme.objects.none()
    return programmes_led_by(request.user).order_by("name")


def _cohorts(request):
    if request is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(programme__in=programmes_led_by(request.user))


def _units(request):
    if request is None:
        return Unit.objects.none()
    led = programmes_led_by(request.user)
    return Unit.objects.filter(assignments__programme__in=led).distinct()


class LabelledChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter on LabelledChoiceField, shown as a FastSelect."""

    field_class = LabelledChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _select())
        super().__init__(*args, **kwargs)


def _select():
    return FastSelect(attrs={"class": "form-select"})


def _input(**attrs):
    return {"class": "form-control", **attrs}


class PlacementFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The end of the period is before its start."))
        return data


class PlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Student name"),
        field_name="student__user__name",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs=_input(type="search")),
    )
    programme = LabelledChoiceFilter(label=_("Programme"), field_name="assignment__programme", queryset=_programmes)
    cohort = LabelledChoiceFilter(
        label=_("Cohort"), field_name="student__cohorts", queryset=_cohorts, label_fields=("programme__name", "name")
    )
    unit = LabelledChoiceFilter(
        label=_("Unit"), field_name="assignment__unit", queryset=_units, label_fields=("organisation__name", "name")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Placement.Status.choices, widget=_select())
    period_from = django_filters.DateFilter(
        label=_("In period from"), method="filter_period_from", widget=DateInput(attrs=_input())
    )
    period_to = django_filters.DateFilter(
        label=_("In period until"), method="filter_period_to", widget=DateInput(attrs=_input())
    )

    class Meta:
        model = Placement
        fields = ["q", "programme", "cohort", "unit", "status", "period_from", "period_to"]
        form = PlacementFilterForm

    def filter_period_from(self, queryset: QuerySet, name, value):
        """Placements still running on or after this date (they overlap the period)."""
        return queryset.filter(end_date__gte=value)

    def filter_period_to(self, queryset: QuerySet, name, value):
        return queryset.filter(start_date__lte=value)


@dataclass(slots=True)
class PlacementRow:
    """A row of the leader's placements list, read as values: eleven model instances per row (the
    placement, its student, supervisor, their people, assignment, unit, organisation, programme, round
    and cohort) cost the page more than its query did."""

    pk: int
    public_id: UUID
    student_name: str
    programme_name: str
    cohort_name: str | None  # None: placed outside a rotation round
    unit_name: str
    organisation_name: str
    title: str
    supervisor_name: str | None  # None: no supervisor yet
    start_date: date
    end_date: date
    status: str


# What each field of PlacementRow is read from, in the order of its fields.
ROW_COLUMNS = (
    "pk",
    "public_id",
    "student__user__name",
    "assignment__programme__name",
    "rotation_round__cohort__name",
    "assignment__unit__name",
    "assignment__unit__organisation__name",
    "assignment__title",
    "supervisor__user__name",
    "start_date",
    "end_date",
    "status",
)


def placements_for_leader(*, user) -> QuerySet[Placement]:
    """Every placement in a programme the person leads (administrators: all), in the list's order."""
    led = Placement.objects.filter(assignment__programme__in=programmes_led_by(user).values("pk"))
    return led.order_by("-start_date", "student__user__name", "pk")


def placement_filter(*, user, data, request) -> tuple[PlacementFilter, QuerySet[Placement]]:
    """The bound filter and its queryset; an invalid filter yields no rows (never silently everything)."""
    filterset = PlacementFilter(data or None, queryset=placements_for_leader(user=user), request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs
