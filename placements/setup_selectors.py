"""What the set-up page of a programme shows: its cohorts with their rounds, the unit tree of its
organisations, and its assignments, in a fixed number of queries whatever their number."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from organisations.models import Unit
from programmes.access import programme_units
from programmes.models import Cohort, Programme, RotationRound

from .models import Assignment


@dataclass
class ProgrammeSetup:
    programme: Programme
    cohorts: list[Cohort]
    units: list[tuple[Unit, int]]  # depth-first, each with its depth in the tree
    assignments: list[Assignment]


def unit_tree(units: list[Unit]) -> list[tuple[Unit, int]]:
    """The units depth-first (children after their parent, by name), each with its depth. A unit whose parent
    is not among them is a root here; a cycle (which the rules forbid) would simply not be listed twice."""
    ids = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: (u.organisation.name, u.name.lower())):
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    ordered, seen = [], set()
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return ordered


def programme_setup(*, programme: Programme) -> ProgrammeSetup:
    """Four queries: cohorts (with member counts), their rounds, the units, the assignments."""
    cohorts = list(
        Cohort.objects.filter(programme=programme)
        .annotate(student_count=Count("students"))
        .prefetch_related(Prefetch("rotation_rounds", queryset=RotationRound.objects.order_by("start_date")))
        .order_by("start_date", "name")
    )
    units = list(programme_units(programme).select_related("organisation"))
    assignments = list(
        Assignment.objects.filter(programme=programme)
        .select_related("unit__organisation", "default_supervisor__user")
        .order_by("unit__name", "title")
    )
    return ProgrammeSetup(programme=programme, cohorts=cohorts, units=unit_tree(units), assignments=assignments)
