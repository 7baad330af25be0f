"""The internship agreement as a start gate (core.hooks.placement_start_checks): where the programme draws
up agreements in the portal for the placement's unit, the placement starts only once its own agreement is
agreed by all parties. The documents gate sees the student's agreement document, which an agreement of
an earlier placement may have left approved; this gate asks for the agreement of this placement."""

from collections import defaultdict

from django.utils.translation import gettext as _

from core.hooks import placement_start_checks
from documents.models import DocumentRequirement

from .models import Agreement


@placement_start_checks.register
def agreement_blockers(*, starts) -> dict[int, list[str]]:
    """Two queries, any number of placements (placements.services.PlacementStart rows)."""
    if not starts:
        return {}
    requirements = defaultdict(list)  # the programme's agreements drawn up in the portal
    for requirement in DocumentRequirement.objects.filter(
        programme_id__in={start.programme_id for start in starts},
        kind=DocumentRequirement.Kind.AGREEMENT,
        agreed_in_portal=True,
    ):
        requirements[requirement.programme_id].append(requirement)
    needed = [
        start
        for start in starts
        if any(requirement.applies_to(start.organisation_kind) for requirement in requirements[start.programme_id])
    ]
    if not needed:
        return {}
    agreed = set(
        Agreement.objects.filter(
            placement_id__in=[start.placement_id for start in needed], completed_at__isnull=False
        ).values_list("placement_id", flat=True)
    )
    reason = _("The internship agreement of this placement has not been agreed by all parties yet.")
    return {start.placement_id: [reason] for start in needed if start.placement_id not in agreed}
