"""The unit tree's rules in the database, the backstop of organisations.models.unit_parent_problem (which the
services and the admin's forms ask first): a parent unit belongs to the same organisation (PostgreSQL and
SQLite), and, on PostgreSQL, no unit lies under itself (a cycle). SQLite triggers cannot walk a tree (no WITH
in a trigger); there the service's check runs inside the write transaction, which SQLite serialises.

A refusal is an IntegrityError: SQLite's RAISE(ABORT), PostgreSQL's check_violation.
"""

from django.db import migrations

from core.vendor_sql import vendor_sql

PG_CREATE = """
CREATE FUNCTION organisations_unit_tree_check() RETURNS trigger AS $$
BEGIN
    IF NEW.parent_id IS NOT NULL THEN
        IF (SELECT organisation_id FROM organisations_unit WHERE id = NEW.parent_id) <> NEW.organisation_id THEN
            RAISE EXCEPTION 'unit_parent_same_organisation' USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (
            WITH RECURSIVE ancestors(id, parent_id) AS (
                SELECT id, parent_id FROM organisations_unit WHERE id = NEW.parent_id
                UNION
                SELECT u.id, u.parent_id FROM organisations_unit u JOIN ancestors a ON u.id = a.parent_id
            )
            SELECT 1 FROM ancestors WHERE id = NEW.id
        ) THEN
            RAISE EXCEPTION 'unit_tree_no_cycle' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (
        SELECT 1 FROM organisations_unit WHERE parent_id = NEW.id AND organisation_id <> NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'unit_parent_same_organisation' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER organisations_unit_tree_check BEFORE INSERT OR UPDATE OF parent_id, organisation_id
    ON organisations_unit FOR EACH ROW EXECUTE FUNCTION organisations_unit_tree_check();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS organisations_unit_tree_check ON organisations_unit;
DROP FUNCTION IF EXISTS organisations_unit_tree_check();
"""

SQLITE_CREATE = [
    """
    CREATE TRIGGER unit_parent_same_organisation_insert BEFORE INSERT ON organisations_unit
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT organisation_id FROM organisations_unit WHERE id = NEW.parent_id) <> NEW.organisation_id
    BEGIN SELECT RAISE(ABORT, 'unit_parent_same_organisation'); END;
    """,
    """
    CREATE TRIGGER unit_parent_same_organisation_update BEFORE UPDATE OF parent_id, organisation_id
    ON organisations_unit
    WHEN (NEW.parent_id IS NOT NULL
          AND (SELECT organisation_id FROM organisations_unit WHERE id = NEW.parent_id) <> NEW.organisation_id)
      OR EXISTS (SELECT 1 FROM organisations_unit WHERE parent_id = NEW.id AND organisation_id <> NEW.organisation_id)
    BEGIN SELECT RAISE(ABORT, 'unit_parent_same_organisation'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS unit_parent_same_organisation_insert;",
    "DROP TRIGGER IF EXISTS unit_parent_same_organisation_update;",
]


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        vendor_sql(
            forwards={"postgresql": [PG_CREATE], "sqlite": SQLITE_CREATE},
            backwards={"postgresql": [PG_DROP], "sqlite": SQLITE_DROP},
        )
    ]
