"""Who may see, write and comment on which logbook entries (outside one's scope: 404).

Whoever may see the placement (placements.access) reads its logbook; only its student writes entries,
and the placement's supervisors comment on them.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from placements.access import placement_is_own, placement_is_supervised_by, placements_for_user
from placements.models import Placement

from .models import LogbookEntry


def logbook_entries_for_user(user) -> QuerySet[LogbookEntry]:
    return LogbookEntry.objects.filter(placement__in=placements_for_user(user))


def logbook_entry_get_for_user(*, user, public_id) -> LogbookEntry:
    """The entry if the person may see its placement, else 404."""
    return get_object_or_404(
        logbook_entries_for_user(user).select_related(
            "placement__student__user", "placement__supervisor__user", "placement__assignment"
        ),
        public_id=public_id,
    )


def logbook_can_write(*, user, placement: Placement) -> bool:
    """The placement's own student writes (and removes) its entries."""
    return placement_is_own(user=user, placement=placement)


def logbook_can_comment(*, user, placement: Placement) -> bool:
    """The placement's workplace supervisor comments on its entries (the one place to add the school's)."""
    return placement_is_supervised_by(user=user, placement=placement)
