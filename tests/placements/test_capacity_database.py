"""The database holds an assignment's capacity on every day, and a student's placements apart, whatever code
writes them: a plain ORM insert, bulk_create or a queryset update (placements.database). Cancelled
placements take no place. On PostgreSQL and on SQLite alike."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import IntegrityError, OperationalError, connection, models, transaction

from placements import services
from placements.database import SQLITE
from placements.models import Assignment, Placement

from ..factories import AssignmentFactory, StudentFactory

pytestmark = pytest.mark.django_db

FEB, JUL = date(2026, 2, 1), date(2026, 7, 31)


def _placement(assignment, start=FEB, end=JUL, **kwargs):
    return Placement(student=StudentFactory(), assignment=assignment, start_date=start, end_date=end, **kwargs)


def test_an_orm_insert_beyond_the_capacity_is_refused():
    assignment = AssignmentFactory(capacity=1)
    _placement(assignment).save()
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_within_capacity"):
        _placement(assignment, start=date(2026, 7, 31), end=date(2026, 9, 1)).save()
    assert assignment.placements.count() == 1


def test_a_bulk_create_that_overfills_writes_nothing():
    assignment = AssignmentFactory(capacity=3)
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_within_capacity"):
        Placement.objects.bulk_create([_placement(assignment) for _ in range(5)])
    assert not assignment.placements.exists()
    Placement.objects.bulk_create([_placement(assignment) for _ in range(3)])  # exactly full is fine
    assert assignment.placements.count() == 3


def test_a_bulk_update_moving_placements_onto_a_full_assignment_is_refused():
    full, other = AssignmentFactory(capacity=2), AssignmentFactory(capacity=5)
    Placement.objects.bulk_create([_placement(full), _placement(full)])
    Placement.objects.bulk_create([_placement(other) for _ in range(2)])
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_within_capacity"):
        Placement.objects.filter(assignment=other).update(assignment=full)
    _placement(full, start=date(2026, 8, 1), end=date(2026, 12, 31)).save()  # after them: a free place
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_within_capacity"):
        Placement.objects.filter(assignment=full, start_date=FEB).update(end_date=date(2026, 12, 31))
    assert full.placements.filter(end_date=JUL).count() == 2


def test_capacity_counts_each_day_and_cancelled_placements_take_no_place():
    """Capacity 2: A in spring, B in summer, C across both (at most two on any day); D would be a third
    on a day A and C share. A cancelled one takes no place, and status changes of live ones are free."""
    assignment = AssignmentFactory(capacity=2)
    a = _placement(assignment, date(2026, 2, 1), date(2026, 4, 30))
    b = _placement(assignment, date(2026, 5, 1), date(2026, 7, 31))
    c = _placement(assignment, date(2026, 4, 1), date(2026, 5, 31))
    Placement.objects.bulk_create([a, b, c])
    with transaction.atomic(), pytest.raises(IntegrityError):
        _placement(assignment, date(2026, 4, 15), date(2026, 4, 20)).save()
    cancelled = _placement(assignment, date(2026, 4, 15), date(2026, 4, 20), status=Placement.Status.CANCELLED)
    cancelled.save()
    with transaction.atomic(), pytest.raises(IntegrityError):  # brought back, it would take a third place
        Placement.objects.filter(pk=cancelled.pk).update(status=Placement.Status.PLANNED)
    Placement.objects.filter(pk=a.pk).update(status=Placement.Status.CANCELLED)
    Placement.objects.filter(pk=cancelled.pk).update(status=Placement.Status.PLANNED)  # A's place is free now
    Placement.objects.filter(assignment=assignment).exclude(status=Placement.Status.CANCELLED).update(
        status=Placement.Status.ACTIVE
    )
    assert assignment.placements.live().count() == 3


def test_capacity_cannot_drop_below_the_busiest_day():
    assignment = AssignmentFactory(capacity=3)
    Placement.objects.bulk_create([_placement(assignment), _placement(assignment)])
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_within_capacity"):
        Assignment.objects.filter(pk=assignment.pk).update(capacity=1)
    Assignment.objects.filter(pk=assignment.pk).update(capacity=2)
    assert Assignment.objects.get(pk=assignment.pk).capacity == 2


def test_overlapping_live_placements_of_one_student_are_refused_on_every_database():
    student = StudentFactory()
    Placement.objects.create(student=student, assignment=AssignmentFactory(), start_date=FEB, end_date=JUL)
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_no_overlap"):
        Placement.objects.create(
            student=student, assignment=AssignmentFactory(), start_date=JUL, end_date=date(2026, 12, 31)
        )
    later = Placement.objects.create(
        student=student, assignment=AssignmentFactory(), start_date=date(2026, 8, 1), end_date=date(2026, 12, 31)
    )
    with transaction.atomic(), pytest.raises(IntegrityError, match="placement_no_overlap"):
        Placement.objects.filter(pk=later.pk).update(start_date=date(2026, 7, 1))
    assert student.placements.count() == 2


def test_the_service_turns_the_databases_refusal_into_its_message(monkeypatch):
    """A race the service's own check could not see ends in the same clear message, not a server error."""
    assignment = AssignmentFactory(capacity=1)
    Placement.objects.bulk_create([_placement(assignment)])
    monkeypatch.setattr(services, "assignment_check_capacity", lambda **kwargs: None)
    with pytest.raises(ValidationError) as exc:
        services.placement_create(student=StudentFactory(), assignment=assignment, start_date=FEB, end_date=JUL)
    assert exc.value.code == "capacity"
    assert exc.value.messages == ["The assignment is full on a day of this period."]
    assert assignment.placements.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_the_sqlite_triggers_are_there_after_migrating():
    assert set(SQLITE) <= _triggers()


def _rebuild_tables():
    """What a later migration may do on SQLite: rebuild the assignments' and the placements' tables (here
    by adding a column with a default, then taking it away)."""
    for model in (Assignment, Placement):
        probe = models.IntegerField(default=0)
        probe.set_attributes_from_name("rules_probe")
        probe.model = model
        with connection.schema_editor() as editor:
            editor.add_field(model, probe)
        with connection.schema_editor() as editor:
            editor.remove_field(model, probe)


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
@pytest.mark.django_db(transaction=True)
def test_a_later_migration_may_rebuild_the_tables_and_migrate_brings_the_rules_back():
    """With the triggers in place SQLite cannot rebuild the tables they name; `migrate` takes them away
    before it runs and makes them again after."""
    with pytest.raises(OperationalError, match="error in trigger"):
        _rebuild_tables()
    emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert not set(SQLITE) & _triggers()
    _rebuild_tables()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert set(SQLITE) <= _triggers()
    assignment = AssignmentFactory(capacity=1)
    _placement(assignment).save()
    with pytest.raises(IntegrityError, match="placement_within_capacity"):
        _placement(assignment).save()
