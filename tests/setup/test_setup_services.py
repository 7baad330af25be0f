"""The set-up rules at the service: a programme's creator leads it; the unit tree has no cycle and no parent
of another organisation; an assignment's supervisor works at its unit's organisation; a cohort's rounds do
not overlap (the service, the model's clean() and the database), and proposed rounds follow the rotation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from organisations.models import Organisation, Unit
from organisations.services import unit_create, unit_update
from placements.models import Assignment
from placements.services import assignment_create, assignment_update
from programmes import services
from programmes.access import programmes_for_user
from programmes.models import Level, Programme, RotationRound
from rounds import services as rounds
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlacementFactory,
    ProgrammeFactory,
    RotationRoundFactory,
    StudentFactory,
    SupervisorFactory,
    UnitFactory,
    UserFactory,
)

PILOT = {
    "name": "Pilot Werkstudenten Rotterdam",
    "kind": Programme.Kind.WORK_STUDENT,
    "description": "",
    "start_date": date(2027, 2, 1),
    "end_date": date(2029, 1, 31),
    "rotation_length": 6,
    "rotation_length_unit": Programme.LengthUnit.MONTHS,
    "funding": "SAOP",
}


def test_the_leader_who_creates_a_programme_leads_it(db):
    leader = UserFactory()
    programme = services.programme_create(actor=leader, organisation=OrganisationFactory(), **PILOT)
    assert list(programmes_for_user(leader)) == [programme]
    actions = set(AuditEntry.objects.filter(actor=leader).values_list("action", flat=True))
    assert actions == {"programme.created", "leader_grant.granted"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": date(2027, 1, 1)}, "end_date"),
        ({"rotation_length": 0}, "rotation_length"),
        ({"name": "  "}, "name"),
    ],
)
def test_an_impossible_programme_is_refused_per_field(db, change, field):
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=UserFactory(), organisation=OrganisationFactory(), **(PILOT | change))
    assert field in caught.value.error_dict
    assert not Programme.objects.exists()


def test_a_school_does_not_run_a_programme_and_names_are_unique(db):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=UserFactory(), organisation=school, **PILOT)
    assert "organisation" in caught.value.error_dict
    existing = ProgrammeFactory(name=PILOT["name"].upper())
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=UserFactory(), organisation=existing.organisation, **PILOT)
    assert "name" in caught.value.error_dict


def test_programme_update_audits_what_changed(db):
    leader = UserFactory()
    programme = services.programme_create(actor=leader, organisation=OrganisationFactory(), **PILOT)
    values = PILOT | {"organisation": programme.organisation, "rotation_length": 3}
    services.programme_update(programme=programme, actor=leader, **values)
    entry = AuditEntry.objects.get(action="programme.updated")
    assert entry.changes == {"rotation_length": [6, 3]}


def test_a_cohort_starts_within_its_programme_and_its_members_are_audited(db):
    leader, programme = UserFactory(), ProgrammeFactory()
    with pytest.raises(ValidationError) as caught:
        services.cohort_create(programme=programme, name="Te vroeg", start_date=date(2020, 1, 1), actor=leader)
    assert "start_date" in caught.value.error_dict
    first, second = StudentFactory(), StudentFactory()
    cohort = services.cohort_create(
        programme=programme, name="Lichting februari", start_date=date(2026, 2, 1), students=[first], actor=leader
    )
    services.cohort_update(
        cohort=cohort, name="Lichting februari", start_date=date(2026, 2, 1), students=[second], actor=leader
    )
    assert list(cohort.students.all()) == [second]
    changes = AuditEntry.objects.get(action="cohort.updated").changes
    assert changes == {"joined": [str(second)], "left": [str(first)]}


# --- the unit tree ---------------------------------------------------------------------------------


def test_a_parent_of_another_organisation_is_refused_on_create_and_update(db):
    unit, foreign = UnitFactory(), UnitFactory()
    with pytest.raises(ValidationError) as caught:
        unit_create(organisation=unit.organisation, name="Team Noord", parent=foreign)
    assert caught.value.message_dict == {"parent": ["The parent unit belongs to another organisation."]}
    with pytest.raises(ValidationError):
        unit_update(unit=unit, parent=foreign)
    unit.refresh_from_db()
    assert unit.parent is None


def test_a_cycle_in_the_tree_is_refused(db):
    top = UnitFactory(name="Eenheid")
    middle = unit_create(organisation=top.organisation, name="District", parent=top)
    bottom = unit_create(organisation=top.organisation, name="Basisteam", parent=middle)
    for parent in (top, middle, bottom):  # itself, its child, its grandchild
        with pytest.raises(ValidationError) as caught:
            unit_update(unit=top, parent=parent)
        assert caught.value.message_dict == {
            "parent": ["A unit cannot be placed under itself or under one of its own sub-units."]
        }
    top.refresh_from_db()
    assert top.parent is None
    assert not AuditEntry.objects.filter(action="unit.updated").exists()


def test_moving_a_unit_within_the_tree_is_audited(db):
    top = UnitFactory(name="Eenheid")
    other_top = unit_create(organisation=top.organisation, name="Dienst", actor=None)
    child = unit_create(organisation=top.organisation, name="Team", parent=top)
    leader = UserFactory()
    unit_update(unit=child, parent=other_top, actor=leader)
    child.refresh_from_db()
    assert child.parent == other_top
    entry = AuditEntry.objects.get(action="unit.updated")
    assert entry.actor == leader and entry.changes == {"parent": [str(top), str(other_top)]}


def test_the_models_clean_refuses_a_cycle_too(db):
    """What the admin's form asks (Unit.clean), the same rule as the service."""
    top = UnitFactory()
    child = unit_create(organisation=top.organisation, name="Onder", parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as caught:
        top.full_clean()
    assert "parent" in caught.value.error_dict


# --- assignments ----------------------------------------------------------------------------------


def test_an_assignment_takes_backgrounds_levels_and_a_supervisor_of_the_units_organisation(db):
    unit = UnitFactory()
    colleague = SupervisorFactory()
    colleague.units.add(UnitFactory(organisation=unit.organisation))  # another unit, same organisation
    assignment = assignment_create(
        programme=ProgrammeFactory(),
        unit=unit,
        title="Data-analyse",
        capacity=2,
        wanted_backgrounds=[" data ", "recht", "data"],
        wanted_levels=[Level.HBO, Level.WO],
        default_supervisor=colleague,
    )
    assignment.refresh_from_db()
    assert assignment.wanted_backgrounds == ["data", "recht"]
    assert assignment.wanted_levels == [Level.HBO, Level.WO]
    assert assignment.default_supervisor == colleague


def test_a_supervisor_of_another_organisation_is_refused(db):
    unit, stranger = UnitFactory(), SupervisorFactory()
    stranger.units.add(UnitFactory())  # works elsewhere
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError) as caught:
        assignment_create(programme=programme, unit=unit, title="Opdracht", default_supervisor=stranger)
    assert list(caught.value.error_dict) == ["default_supervisor"]
    assignment = assignment_create(programme=programme, unit=unit, title="Opdracht")
    with pytest.raises(ValidationError):
        assignment_update(assignment=assignment, default_supervisor=stranger)
    assignment.refresh_from_db()
    assert assignment.default_supervisor is None


def test_an_unknown_level_and_an_impossible_capacity_are_refused(db):
    unit = UnitFactory()
    with pytest.raises(ValidationError) as caught:
        assignment_create(programme=ProgrammeFactory(), unit=unit, title="X", wanted_levels=["phd"], capacity=0)
    assert set(caught.value.error_dict) == {"wanted_levels", "capacity"}


def test_a_capacity_below_the_placements_already_made_is_refused_with_a_message(world):
    assignment = world.placement.assignment
    Assignment.objects.filter(pk=assignment.pk).update(capacity=2)
    PlacementFactory(assignment=assignment, start_date=world.placement.start_date, end_date=world.placement.end_date)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        assignment_update(assignment=assignment, capacity=1)
    assert "capacity" in caught.value.error_dict and assignment.capacity == 2
    assert Assignment.objects.get(pk=assignment.pk).capacity == 2
    assert not AuditEntry.objects.filter(action="assignment.updated").exists()


# --- rotation rounds ------------------------------------------------------------------------------


def test_an_overlapping_round_of_the_same_cohort_is_refused(db):
    cohort = CohortFactory()
    rounds.rotation_round_create(cohort=cohort, name="Ronde 1", start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    with pytest.raises(ValidationError) as caught:  # six weeks inside the first round
        rounds.rotation_round_create(
            cohort=cohort, name="Zes weken", start_date=date(2026, 5, 1), end_date=date(2026, 6, 11)
        )
    assert "start_date" in caught.value.error_dict
    with pytest.raises(ValidationError):  # the first round's last day is taken
        rounds.rotation_round_create(
            cohort=cohort, name="Ronde 2", start_date=date(2026, 7, 31), end_date=date(2027, 1, 31)
        )
    rounds.rotation_round_create(cohort=cohort, name="Ronde 2", start_date=date(2026, 8, 1), end_date=date(2027, 1, 31))
    other_cohort = CohortFactory(programme=cohort.programme)  # another cohort may run at the same time
    rounds.rotation_round_create(
        cohort=other_cohort, name="Ronde 1", start_date=date(2026, 5, 1), end_date=date(2026, 6, 11)
    )
    assert RotationRound.objects.count() == 3


def test_moving_a_round_onto_another_is_refused(db):
    cohort = CohortFactory()
    first = RotationRoundFactory(cohort=cohort, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    second = RotationRoundFactory(cohort=cohort, start_date=date(2026, 8, 1), end_date=date(2027, 1, 31))
    with pytest.raises(ValidationError):
        rounds.rotation_round_update(
            rotation_round=second, name=second.name, start_date=date(2026, 7, 1), end_date=date(2027, 1, 31)
        )
    rounds.rotation_round_update(
        rotation_round=first, name="Eerste", start_date=date(2026, 2, 2), end_date=date(2026, 7, 31)
    )
    first.refresh_from_db()
    assert (first.name, first.start_date) == ("Eerste", date(2026, 2, 2))


def test_the_database_refuses_overlapping_rounds_too(db):
    """The backstop of the service: programmes migration 0008 (Postgres exclusion constraint, SQLite trigger)."""
    cohort = CohortFactory()
    RotationRoundFactory(cohort=cohort, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationRound.objects.create(cohort=cohort, name="Erin", start_date=date(2026, 7, 1), end_date=date(2026, 8, 1))
    later = RotationRoundFactory(cohort=cohort, start_date=date(2026, 8, 1), end_date=date(2027, 1, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        RotationRound.objects.filter(pk=later.pk).update(start_date=date(2026, 7, 31))


def test_the_models_clean_refuses_an_overlapping_round(db):
    existing = RotationRoundFactory(start_date=date(2026, 2, 1), end_date=date(2026, 7, 31))
    clash = RotationRound(cohort=existing.cohort, name="B", start_date=date(2026, 3, 1), end_date=date(2026, 4, 1))
    with pytest.raises(ValidationError):
        clash.full_clean()


def test_rounds_are_proposed_from_the_cohorts_start_every_rotation_length(db):
    programme = ProgrammeFactory(start_date=date(2026, 2, 1), end_date=date(2028, 1, 31))  # six months a round
    cohort = CohortFactory(programme=programme, start_date=date(2026, 2, 1))
    created = rounds.rotation_rounds_propose(cohort=cohort, actor=UserFactory())
    periods = [(r.name, r.start_date, r.end_date, r.state) for r in created]
    assert periods == [
        ("Round 1", date(2026, 2, 1), date(2026, 7, 31), RotationRound.State.DRAFT),
        ("Round 2", date(2026, 8, 1), date(2027, 1, 31), RotationRound.State.DRAFT),
        ("Round 3", date(2027, 2, 1), date(2027, 7, 31), RotationRound.State.DRAFT),
        ("Round 4", date(2027, 8, 1), date(2028, 1, 31), RotationRound.State.DRAFT),
    ]
    assert AuditEntry.objects.filter(action="rotation_round.created").count() == 4
    with pytest.raises(ValidationError):  # the programme's period is full
        rounds.rotation_rounds_propose(cohort=cohort)


def test_proposed_rounds_follow_the_existing_ones_and_the_count(db):
    programme = ProgrammeFactory(start_date=date(2026, 9, 1), end_date=date(2028, 8, 31), rotation_length=3)
    cohort = CohortFactory(programme=programme, start_date=date(2026, 9, 1))
    RotationRoundFactory(cohort=cohort, name="Start", start_date=date(2026, 9, 1), end_date=date(2026, 11, 30))
    created = rounds.rotation_rounds_propose(cohort=cohort, count=2)
    assert [(r.name, r.start_date, r.end_date) for r in created] == [
        ("Round 2", date(2026, 12, 1), date(2027, 2, 28)),
        ("Round 3", date(2027, 3, 1), date(2027, 5, 31)),
    ]


def test_the_database_refuses_a_parent_of_another_organisation(db):
    """The backstop of the service: organisations migration 0002 (a trigger on PostgreSQL and SQLite)."""
    unit, foreign = UnitFactory(), UnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(organisation=unit.organisation, name="Team", parent=foreign)
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(parent=foreign)
    child = Unit.objects.create(organisation=unit.organisation, name="Onder", parent=unit)
    with pytest.raises(IntegrityError), transaction.atomic():  # moving the parent away from its child
        Unit.objects.filter(pk=unit.pk).update(organisation=foreign.organisation)
    assert Unit.objects.get(pk=child.pk).parent_id == unit.pk


@pytest.mark.postgres_only
def test_postgres_refuses_a_cycle(db):
    top = UnitFactory()
    child = Unit.objects.create(organisation=top.organisation, name="Onder", parent=top)
    grandchild = Unit.objects.create(organisation=top.organisation, name="Daaronder", parent=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=top.pk).update(parent=grandchild)
