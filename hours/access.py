"""Who may see and change which weeks of hours (outside one's scope: 404).

Whoever may see the placement (placements.access) sees its hours; only its student records and submits
them, and only its workplace supervisor approves or returns them.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from placements.access import placement_is_own, placement_is_supervised_by, placements_for_user
from placements.models import Placement

from .models import HoursWeek


def hours_weeks_for_user(user) -> QuerySet[HoursWeek]:
    return HoursWeek.objects.filter(placement__in=placements_for_user(user))


def hours_week_get_for_user(*, user, pk) -> HoursWeek:
    """The week if the person may see its placement, else 404."""
    return get_object_or_404(
        hours_weeks_for_user(user).select_related("placement__student__user", "placement__supervisor__user"), pk=pk
    )


def hours_can_record(*, user, placement: Placement) -> bool:
    """The placement's own student records and submits its hours."""
    return placement_is_own(user=user, placement=placement)


def hours_can_review(*, user, placement: Placement) -> bool:
    """The placement's workplace supervisor approves or returns a week."""
    return placement_is_supervised_by(user=user, placement=placement)
