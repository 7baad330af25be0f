"""Wisselstage!: an exchange programme with two organisations, a host contact and a visitor."""

from dataclasses import dataclass
from datetime import date

import pytest

from exchanges.models import ExchangeParticipant
from exchanges.services import exchange_slot_publish
from organisations.models import Organisation
from programmes.models import Programme

from ..factories import (
    OrganisationFactory,
    ProfessionalFactory,
    ProgrammeFactory,
    ProgrammeLeaderFactory,
    SupervisorFactory,
    UnitFactory,
)

DAY = date(2026, 12, 10)


@dataclass
class Exchange:
    programme: object
    leader: object
    host: object  # a supervisor at Veilig Thuis
    host_unit: object
    visitor: ExchangeParticipant  # a police professional
    colleague: ExchangeParticipant  # another Veilig Thuis professional

    def publish(self, places=1, day=DAY):
        return exchange_slot_publish(
            actor=self.host,
            programme=self.programme,
            unit=self.host_unit,
            day=day,
            place="Rotterdam",
            description="Meelopen met een procesregisseur",
            places=places,
        )


def participant(programme, organisation):
    professional = ProfessionalFactory(organisation=organisation)
    return ExchangeParticipant.objects.create(programme=programme, professional=professional)


@pytest.fixture
def exchange(db, today) -> Exchange:
    """Frozen on the shared TODAY (2026-11-23): DAY and the days around it are still to come."""
    programme = ProgrammeFactory(name="Wisselstage!", kind=Programme.Kind.EXCHANGE)
    leader = ProgrammeLeaderFactory(programme=programme).user
    veilig_thuis = OrganisationFactory(name="Veilig Thuis Rotterdam-Rijnmond", kind=Organisation.Kind.PARTNER)
    police = OrganisationFactory(name="Eenheid Rotterdam", kind=Organisation.Kind.POLICE_UNIT)
    host_unit = UnitFactory(organisation=veilig_thuis, name="Procesregie")
    host = SupervisorFactory()
    host.units.add(host_unit)
    return Exchange(
        programme,
        leader,
        host.user,
        host_unit,
        participant(programme, police),
        participant(programme, veilig_thuis),
    )
