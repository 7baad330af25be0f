"""Table rows written in one pass where a page lists hundreds of them.

A Django template loop costs some 20 µs a cell; the leader dashboard's occupancy table has a row for
every unit with active placements (hundreds in a national programme), the supervisor's page one for every
student they ever had. `_join` escapes every value as the template would.
"""

from html import escape
from uuid import UUID

from django import template
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe

from placements.models import Placement

register = template.Library()

_OCCUPANCY_ROW = (
    '<tr><td>{}<br><span class="small text-body-secondary">{}</span></td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td></tr>'
)


@register.simple_tag
def occupancy_rows(occupancy):
    """The rows of the dashboard's "active placements per unit" table (placements.selectors.UnitOccupancy)."""
    return _join(
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
    return _join(
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
                _join(_GOAL, ((goal,) for goal in p.goals)) or _NO_GOALS,
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
    return _join(
        _LIST_ROW,
        (
            (
                detail_url(p.public_id),
                p.student_name,
                p.programme_name,
                "" if p.cohort_name is None else mark_safe(_COHORT.format(escape(p.cohort_name))),  # noqa: S308
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


def _join(row_template, rows):
    """format_html_join("", row_template, rows), at a third of its cost: each value escaped with
    html.escape (what django.utils.html.escape calls) unless it is already safe HTML, without Django's
    per-value lazy-string checks (thousands of values on a dashboard)."""
    return mark_safe(  # noqa: S308 (every value escaped or already safe)
        "".join(
            row_template.format(*[value if isinstance(value, SafeData) else escape(str(value)) for value in row])
            for row in rows
        )
    )
