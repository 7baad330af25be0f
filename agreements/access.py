"""Who may see an agreement and for which party a person may agree (outside one's scope: 404).

An agreement is seen by whoever sees its placement (placements.access: its student, its supervisor, the
programme's leaders). Each party is accepted by one kind of person, decided here only.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from placements.access import placement_can_change, placement_is_own, placement_is_supervised_by, placements_for_user

from .models import Agreement, Party


def agreements_for_user(user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(placement__in=placements_for_user(user))


def agreement_get_for_user(*, user, public_id) -> Agreement:
    agreements = agreements_for_user(user).select_related(
        "placement__student__user", "placement__supervisor__user", "placement__assignment__programme"
    )
    return get_object_or_404(agreements, public_id=public_id)


def parties_of(*, user, agreement: Agreement, leads: bool | None = None) -> set[str]:
    """The parties the person may accept for: the placement's student, its workplace supervisor for the
    training company, and a leader of the programme for the school (a school supervisor of the student's
    school joins SCHOOL here once that role exists). `leads`: whether the person leads the placement's
    programme, when the caller knows already (placements.access.placement_can_change)."""
    placement = agreement.placement
    parties = set()
    if placement_is_own(user=user, placement=placement):
        parties.add(Party.STUDENT)
    if placement_is_supervised_by(user=user, placement=placement):
        parties.add(Party.TRAINING_COMPANY)
    if leads if leads is not None else placement_can_change(user=user, placement=placement):
        parties.add(Party.SCHOOL)
    return parties
