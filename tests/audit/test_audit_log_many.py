"""The daily jobs' bulk audit writes the same entries as audit_log, one per object."""

from datetime import date

import pytest

from audit.models import AuditEntry
from audit.services import audit_entries_for, audit_log, audit_log_many
from placements.models import Placement

pytestmark = pytest.mark.django_db


def test_bulk_entries_read_like_single_ones(world):
    audit_log(
        actor=world.leader, action="placement.checked", instance=world.placement, changes={"due": date(2027, 1, 1)}
    )
    audit_log_many(
        actor=world.leader,
        action="placement.checked",
        model=Placement,
        entries=[
            (world.other_placement.pk, {"due": date(2027, 1, 1)}, str(world.other_placement)),
            (world.placement.pk, {}, "named"),
        ],
    )
    single, bulk = AuditEntry.objects.order_by("pk")[:2]
    assert (bulk.actor, bulk.content_type, bulk.object_repr) == (
        single.actor,
        single.content_type,
        str(world.other_placement),
    )
    assert bulk.changes == single.changes == {"due": "2027-01-01"}
    assert bulk.created_at is not None
    assert [e.object_repr for e in audit_entries_for(world.placement).order_by("pk")] == [str(world.placement), "named"]


def test_the_system_as_actor_and_nothing_to_log(world):
    audit_log_many(actor=None, action="x", model=Placement, entries=[])
    audit_log_many(actor=None, action="x", model=Placement, entries=[(world.placement.pk, {}, "")])
    assert AuditEntry.objects.get(action="x").actor is None
