"""The rounds of one cohort do not overlap (both days included): a Postgres exclusion constraint, and on
SQLite, which has none, triggers that refuse the insert or update (raised as an IntegrityError).

rounds.services.rotation_round_create and rotation_round_update give the friendly message first
(programmes.models.rotation_round_overlapping); this is the backstop against a concurrent write.
"""

from django.db import migrations

from core.vendor_sql import vendor_sql

PG_CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE placements_rotationround ADD CONSTRAINT rotation_round_no_overlap
    EXCLUDE USING gist (cohort_id WITH =, daterange(start_date, end_date, '[]') WITH &&);
"""
PG_DROP = "ALTER TABLE placements_rotationround DROP CONSTRAINT IF EXISTS rotation_round_no_overlap;"

SQLITE_CREATE = [
    """
    CREATE TRIGGER rotation_round_no_overlap_insert BEFORE INSERT ON placements_rotationround
    WHEN EXISTS (
        SELECT 1 FROM placements_rotationround r
        WHERE r.cohort_id = NEW.cohort_id AND r.start_date <= NEW.end_date AND r.end_date >= NEW.start_date
    )
    BEGIN SELECT RAISE(ABORT, 'rotation_round_no_overlap'); END;
    """,
    """
    CREATE TRIGGER rotation_round_no_overlap_update BEFORE UPDATE OF cohort_id, start_date, end_date
    ON placements_rotationround
    WHEN EXISTS (
        SELECT 1 FROM placements_rotationround r
        WHERE r.cohort_id = NEW.cohort_id AND r.start_date <= NEW.end_date AND r.end_date >= NEW.start_date
          AND r.id <> NEW.id
    )
    BEGIN SELECT RAISE(ABORT, 'rotation_round_no_overlap'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS rotation_round_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS rotation_round_no_overlap_update;",
]


class Migration(migrations.Migration):
    dependencies = [("programmes", "0007_professionals_and_schools_merged")]

    operations = [
        vendor_sql(
            forwards={"postgresql": [PG_CREATE], "sqlite": SQLITE_CREATE},
            backwards={"postgresql": [PG_DROP], "sqlite": SQLITE_DROP},
        )
    ]
