"""The logbook section of the placement's page (core.hooks.placement_panels)."""

from core.hooks import PlacementPanel, placement_panels

from .access import logbook_can_comment, logbook_can_write
from .selectors import LogbookSummary, logbook_summaries


@placement_panels.register
def panel(*, placement, user, can_change) -> PlacementPanel:
    """How many observations, the latest, and a link to the logbook (one query)."""
    empty = LogbookSummary(entries=0, last_date=None, uncommented=0)
    context = {
        "placement": placement,
        "summary": logbook_summaries(placement_ids=[placement.pk]).get(placement.pk, empty),
        "can_write": logbook_can_write(user=user, placement=placement),
        "can_comment": logbook_can_comment(user=user, placement=placement),
    }
    return PlacementPanel(template="logbook/_placement_panel.html", context=context)
