"""Table rows written in one pass where a page lists hundreds of them.

A Django template loop costs some 20 µs a cell; the leader dashboard's occupancy table has a row for
every unit with active placements (hundreds in a national programme), the supervisor's page one for every
student they ever had. core.html.join_rows escapes every value as the template would.
"""

from uuid import UUID

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.html import join_rows
from placements.models import Placement

register = template.Library()

_OCCUPANCY_ROW = (
    '<tr><td>{}<br><span class="small text-body-secondary">{}</span></td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td></tr>'
)


@register.simple_tag
def occupancy_rows(occupancy):
    """The rows of the dashboard's "active placements per unit" table (placements.selectors.UnitOccupancy)."""
    return join_rows(
        _OCCUPANCY_ROW, ((row.unit_name, row.organisation_name, row.active, row.capacity) for row in occupancy)
    )


_SUPERVISED_ROW = (
    '<tr><td><a href="{}">{}</a><br><span class="small text-body-secondary">{}</span></td>'
    '<td>{}<br><span class="small text-body-secondary">{}</span></td><td>{} – {}</td><td>{}</td></tr>'
)
_GOAL = '<div class="small">{}</div>'
_NO_GOALS = mark_safe('<span class="text-body-secondary small">–</span>')


@register.simple_tag
def supervised_rows(placements):
    """The rows of a table on the supervisor's page (placements.selectors.SupervisedPlacement): the student
    with a link to the placement, the assignment and unit, the period and the learning goals."""
    detail_url = _public_id_url("placements:placement_detail")
    return join_rows(
        _SUPERVISED_ROW,
        (
            (
                detail_url(p.public_id),
                p.student_name,
                p.institution,
                p.assignment_title,
                p.unit_name,
                p.start_date.strftime("%d-%m-%Y"),
                p.end_date.strftime("%d-%m-%Y"),
                join_rows(_GOAL, ((goal,) for goal in p.goals)) or _NO_GOALS,
            )
            for p in placements
        ),
    )


_LIST_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}{}</td>'
    '<td>{}<br><span class="small text-body-secondary">{}</span></td><td>{}</td><td>{}</td>'
    '<td class="text-nowrap">{} – {}</td><td><span class="badge text-bg-{}">{}</span></td></tr>'
)
_COHORT = '<br><span class="small text-body-secondary">{}</span>'
_NO_SUPERVISOR = mark_safe('<span class="text-body-secondary">–</span>')
_STATUS_BADGE = {"active": "success", "cancelled": "secondary", "planned": "info"}


@register.simple_tag
def placement_rows(placements):
    """The rows of the leader's placements list (placements.filters.PlacementRow): student, programme and
    cohort, unit and organisation, assignment, supervisor, period and status."""
    detail_url = _public_id_url("placements:placement_detail")
    labels = dict(Placement.Status.choices)
    return join_rows(
        _LIST_ROW,
        (
            (
                detail_url(p.public_id),
                p.student_name,
                p.programme_name,
                "" if p.cohort_name is None else join_rows(_COHORT, [(p.cohort_name,)]),
                p.unit_name,
                p.organisation_name,
                p.title,
                _NO_SUPERVISOR if p.supervisor_name is None else p.supervisor_name,
                p.start_date.strftime("%d-%m-%Y"),
                p.end_date.strftime("%d-%m-%Y"),
                _STATUS_BADGE.get(p.status, "light"),
                labels.get(p.status, p.status),
            )
            for p in placements
        ),
    )


_PLACEHOLDER = UUID(int=0)


def _public_id_url(route):
    """reverse(route, args=[public_id]) for many public ids at the cost of one reverse: a UUID is always
    36 characters of [0-9a-f-], so it takes the placeholder's place in the path as it is."""
    before, _, after = reverse(route, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    return lambda public_id: f"{before}{public_id}{after}"
