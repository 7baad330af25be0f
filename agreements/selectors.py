"""Reads of agreements for the placement's page."""

from dataclasses import dataclass

from placements.models import Placement

from .models import Agreement, AgreementAcceptance, Party
from .terms import agreement_terms


@dataclass
class PartyRow:
    party: str
    label: str
    who: str  # who agrees for this party
    acceptance: AgreementAcceptance | None
    can_accept: bool


def agreement_of_placement(*, placement: Placement) -> Agreement | None:
    """The placement's agreement with its acceptances (2 queries; 1 when there is none)."""
    return Agreement.objects.filter(placement=placement).prefetch_related("acceptances").first()


def agreement_party_rows(*, agreement: Agreement, parties: set[str]) -> list[PartyRow]:
    """Per party, in order: who agrees for it, their acceptance of the current version, and whether the
    person looking (who acts for `parties`) may accept it now."""
    placement = agreement.placement
    accepted = {a.party: a for a in agreement.acceptances.all() if a.version == agreement.version}
    supervisor = placement.supervisor.user.name if placement.supervisor else ""
    who = {Party.STUDENT: placement.student.user.name, Party.TRAINING_COMPANY: supervisor, Party.SCHOOL: ""}
    return [
        PartyRow(
            party=party.value,
            label=party.label,
            who=who[party],
            acceptance=accepted.get(party.value),
            can_accept=party.value in parties and party.value not in accepted and agreement.completed_at is None,
        )
        for party in Party
    ]


def agreement_is_outdated(*, agreement: Agreement) -> bool:
    """The placement's terms changed since the agreement was drawn up: a new version is needed."""
    return agreement.terms != agreement_terms(agreement.placement)
