"""The leader's placements list: which filters exist and the queryset they narrow.

The base queryset is always scoped to the programmes the person leads (placements.selectors), so a
filter value pointing elsewhere (a foreign programme, cohort or unit) is rejected by the form, never
widened into someone else's data.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import Form, id_from_text
from core.widgets import DateInput
from organisations.models import Unit
from programmes.access import cohorts_for_user, programmes_for_user
from programmes.models import Cohort, Programme

from .access import placements_led_by
from .models import Assignment, Placement


def _programmes(request):
    if request is None:
        return Programme.objects.none()
    return programmes_for_user(request.user).order_by("name")


def _cohorts(request):
    if request is None:
        return Cohort.objects.none()
    return cohorts_for_user(request.user).order_by("programme__name", "start_date")


def _units(request):
    """The units offering assignments in the led programmes: a semi-join, no DISTINCT over joined rows."""
    if request is None:
        return Unit.objects.none()
    offered = Assignment.objects.filter(programme__in=programmes_for_user(request.user)).values("unit_id")
    return Unit.objects.filter(pk__in=offered).select_related("organisation")


UNIT_CHOICES_MAX = 300  # units listed in the filter without a programme chosen


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _input(**attrs):
    return {"class": "form-control", **attrs}


class PlacementFilterForm(Form):
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
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), field_name="assignment__programme", queryset=_programmes, widget=_select()
    )
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), field_name="student__cohorts", queryset=_cohorts, widget=_select()
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), field_name="assignment__unit", queryset=_units, widget=_select()
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_units()

    def _offer_units(self) -> None:
        """The unit select lists the chosen programme's units, or all units in scope while they are few.
        An administrator sees every programme (10,000 units at national scale): a select that long costs
        more than the page itself and helps no one, so it then asks for a programme first. A unit given in
        the URL (a link from the dashboard) is still validated against the whole scope."""
        field = self.form.fields["unit"]
        programme = id_from_text(self.data.get("programme"))
        if programme is not None:
            field.queryset = field.queryset.filter(
                pk__in=Assignment.objects.filter(programme_id=programme).values("unit_id")
            )
        units = list(field.queryset[: UNIT_CHOICES_MAX + 1])
        if len(units) > UNIT_CHOICES_MAX:
            unit = id_from_text(self.data.get("unit"))
            units = list(field.queryset.filter(pk=unit)) if unit is not None else []
            field.help_text = _("Choose a programme first to pick one of its units.")
        field.widget.choices = [("", field.empty_label), *((unit.pk, str(unit)) for unit in units)]

    def filter_period_from(self, queryset: QuerySet, name, value):
        """Placements still running on or after this date (they overlap the period)."""
        return queryset.filter(end_date__gte=value)

    def filter_period_to(self, queryset: QuerySet, name, value):
        return queryset.filter(start_date__lte=value)


# The list's order: newest first, then by student; the primary key makes it total (stable pages).
ORDER = ("-start_date", "student__user__name", "pk")


def placements_for_leader(*, user) -> QuerySet[Placement]:
    """Every placement in a programme the person leads (administrators: all), in the list's order."""
    return placements_led_by(user).order_by(*ORDER)


def placement_filter(*, user, data, request) -> tuple[PlacementFilter, QuerySet[Placement]]:
    """The bound filter and its queryset; an invalid filter yields no rows (never silently everything)."""
    filterset = PlacementFilter(data or None, queryset=placements_for_leader(user=user), request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs
