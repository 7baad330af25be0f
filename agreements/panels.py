"""The agreement's part of the placement's page (core.hooks.placement_panels): shown where the
programme draws up agreements in the portal for the placement's unit."""

from core.hooks import PlacementPanel, placement_panels

from .access import parties_of
from .selectors import agreement_is_outdated, agreement_of_placement, agreement_party_rows
from .services import agreement_requirement


@placement_panels.register
def panel(*, placement, user, can_change) -> PlacementPanel | None:
    """1 query when the programme needs no agreement there, 3 when it does (requirement, agreement,
    acceptances)."""
    if agreement_requirement(placement=placement) is None:
        return None
    agreement = agreement_of_placement(placement=placement)
    context = {"placement": placement, "agreement": agreement, "can_generate": can_change}
    if agreement is not None:
        agreement.placement = placement  # the page's placement, with its people already read
        parties = parties_of(user=user, agreement=agreement, leads=can_change)
        context["rows"] = agreement_party_rows(agreement=agreement, parties=parties)
        context["outdated"] = agreement_is_outdated(agreement=agreement)
    return PlacementPanel(template="agreements/_placement_section.html", context=context)
