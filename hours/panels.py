"""The hours section of the placement's page (core.hooks.placement_panels)."""

from core.hooks import PlacementPanel, placement_panels
from programmes.models import Programme

from .access import hours_can_record, hours_can_review
from .selectors import hours_summaries


@placement_panels.register
def panel(*, placement, user, can_change) -> PlacementPanel | None:
    """Hours done against the required hours, with a link to the weeks (one query). A one-day exchange
    keeps no weekly hours."""
    if placement.assignment.programme.kind == Programme.Kind.EXCHANGE:
        return None
    context = {
        "placement": placement,
        "summary": hours_summaries(placement_ids=[placement.pk])[placement.pk],
        "can_record": hours_can_record(user=user, placement=placement),
        "can_review": hours_can_review(user=user, placement=placement),
    }
    return PlacementPanel(template="hours/_placement_panel.html", context=context)
