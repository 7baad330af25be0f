"""What the database itself holds about placements beyond Django's constraints: an assignment's capacity on
every day, on PostgreSQL and on SQLite, and (SQLite only: PostgreSQL has the exclusion constraint of
migration 0002) no two overlapping live placements of one student.

Capacity lives on the assignment, so no CHECK or exclusion constraint of the placement row can hold it. A
trigger does, before a placement takes a place (inserted live, moved to another assignment, lengthened or
brought back from cancelled): the busiest day of its period on the assignment must still have a free place.
On PostgreSQL it first locks the assignment's row (FOR NO KEY UPDATE, what the services' select_for_update
also waits for), and under READ COMMITTED each statement of the (volatile) function takes a fresh
snapshot, so the count sees every placement committed before the lock was granted: concurrent inserts are
counted one after the other, whatever code writes them (bulk_create included: a row-level trigger sees
the rows its statement inserted before). SQLite has one writer at a time, so there the check cannot race.
Lowering an assignment's capacity below a day's live placements is refused the same way.

The error names the rule (`placement_within_capacity`, `placement_no_overlap`) so that the services can
turn it into their message (placements.services.placement_integrity_error). Cancelled placements take no
place.

On SQLite a trigger that names another table stops Django from rebuilding either table (which it does for
many schema changes: "error in trigger ...: no such table"), and a rebuild drops the table's own
triggers. So on SQLite the triggers are not made by a migration: `migrate` drops them before it runs
(sqlite_drop) and makes them again afterwards once migration 0009 is applied (sqlite_install), both from
placements.apps; any later migration may rebuild the tables.
"""

LIVE = "status <> 'cancelled'"

# The live placements of the assignment on its busiest day within NEW's period, NEW itself not counted:
# the count on NEW's first day and on each later day within the period on which another one starts.
_BUSIEST = f"""
    SELECT max(n) {{into}} FROM (
        SELECT (SELECT count(*) FROM placements_placement q
                WHERE q.assignment_id = NEW.assignment_id AND q.{LIVE} AND q.id {{distinct}} NEW.id
                  AND q.start_date <= days.day AND q.end_date >= days.day) AS n
        FROM (SELECT NEW.start_date AS day
              UNION SELECT p.start_date FROM placements_placement p
              WHERE p.assignment_id = NEW.assignment_id AND p.{LIVE} AND p.id {{distinct}} NEW.id
                AND p.start_date > NEW.start_date AND p.start_date <= NEW.end_date) AS days
    ) AS counts
"""  # noqa: S608 (constants only: no input reaches this SQL)

# The most live placements of assignment NEW on any one day (a day on which one of them starts).
_FULLEST_DAY = f"""
    SELECT max(n) {{into}} FROM (
        SELECT (SELECT count(*) FROM placements_placement q
                WHERE q.assignment_id = NEW.id AND q.{LIVE}
                  AND q.start_date <= p.start_date AND q.end_date >= p.start_date) AS n
        FROM placements_placement p WHERE p.assignment_id = NEW.id AND p.{LIVE}
    ) AS counts
"""  # noqa: S608 (constants only: no input reaches this SQL)

# A placement takes a (new) place: inserted live, or updated from cancelled, to another assignment, or to
# a longer period. Status changes between live statuses (the daily jobs) do not fire the check.
_TAKES_PLACE_ON_UPDATE = (
    "NEW.status <> 'cancelled' AND (OLD.status = 'cancelled' OR NEW.assignment_id <> OLD.assignment_id"
    " OR NEW.start_date < OLD.start_date OR NEW.end_date > OLD.end_date)"
)

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION placement_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    places integer;
    busiest integer;
BEGIN
    SELECT capacity INTO places FROM placements_assignment WHERE id = NEW.assignment_id FOR NO KEY UPDATE;
    IF places IS NULL THEN
        RETURN NEW;  -- no such assignment: the foreign key says so
    END IF;
    {_BUSIEST.format(distinct="IS DISTINCT FROM", into="INTO busiest").strip()};
    IF busiest >= places THEN
        RAISE EXCEPTION 'placement_within_capacity: assignment % has % places, all taken on a day of % to %',
            NEW.assignment_id, places, NEW.start_date, NEW.end_date
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER placement_within_capacity_insert BEFORE INSERT ON placements_placement
    FOR EACH ROW WHEN (NEW.status <> 'cancelled') EXECUTE FUNCTION placement_within_capacity();
CREATE TRIGGER placement_within_capacity_update BEFORE UPDATE ON placements_placement
    FOR EACH ROW WHEN ({_TAKES_PLACE_ON_UPDATE}) EXECUTE FUNCTION placement_within_capacity();

CREATE OR REPLACE FUNCTION assignment_capacity_covers_placements() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fullest integer;
BEGIN
    {_FULLEST_DAY.format(into="INTO fullest").strip()};
    IF fullest > NEW.capacity THEN
        RAISE EXCEPTION 'placement_within_capacity: assignment % has % live placements on one day, more than %',
            NEW.id, fullest, NEW.capacity
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER assignment_capacity_covers_placements BEFORE UPDATE OF capacity ON placements_assignment
    FOR EACH ROW WHEN (NEW.capacity < OLD.capacity) EXECUTE FUNCTION assignment_capacity_covers_placements();
"""  # noqa: S608 (constants only: no input reaches this SQL)

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS assignment_capacity_covers_placements ON placements_assignment;
DROP FUNCTION IF EXISTS assignment_capacity_covers_placements();
DROP TRIGGER IF EXISTS placement_within_capacity_update ON placements_placement;
DROP TRIGGER IF EXISTS placement_within_capacity_insert ON placements_placement;
DROP FUNCTION IF EXISTS placement_within_capacity();
"""

_OVERLAP = f"""
    SELECT RAISE(ABORT, 'placement_no_overlap: the student has another live placement in this period')
    WHERE EXISTS (SELECT 1 FROM placements_placement p
                  WHERE p.student_id = NEW.student_id AND p.{LIVE} AND p.id IS NOT NEW.id
                    AND p.start_date <= NEW.end_date AND p.end_date >= NEW.start_date);
"""  # noqa: S608 (constants only: no input reaches this SQL)
_FULL = f"""
    SELECT RAISE(ABORT, 'placement_within_capacity: every place of the assignment is taken on a day of this period')
    WHERE ({_BUSIEST.format(distinct="IS NOT", into="")})
        >= (SELECT capacity FROM placements_assignment WHERE id = NEW.assignment_id);
"""  # noqa: S608 (constants only: no input reaches this SQL)

# name -> the trigger's CREATE statement (SQLite: one statement each, no functions)
SQLITE = {
    "placement_no_overlap_insert": f"""
        CREATE TRIGGER IF NOT EXISTS placement_no_overlap_insert BEFORE INSERT ON placements_placement
        WHEN NEW.status <> 'cancelled' BEGIN {_OVERLAP} END""",
    "placement_no_overlap_update": f"""
        CREATE TRIGGER IF NOT EXISTS placement_no_overlap_update BEFORE UPDATE ON placements_placement
        WHEN NEW.status <> 'cancelled' AND (OLD.status = 'cancelled' OR NEW.student_id <> OLD.student_id
            OR NEW.start_date < OLD.start_date OR NEW.end_date > OLD.end_date)
        BEGIN {_OVERLAP} END""",
    "placement_within_capacity_insert": f"""
        CREATE TRIGGER IF NOT EXISTS placement_within_capacity_insert BEFORE INSERT ON placements_placement
        WHEN NEW.status <> 'cancelled' BEGIN {_FULL} END""",
    "placement_within_capacity_update": f"""
        CREATE TRIGGER IF NOT EXISTS placement_within_capacity_update BEFORE UPDATE ON placements_placement
        WHEN {_TAKES_PLACE_ON_UPDATE} BEGIN {_FULL} END""",
    "assignment_capacity_covers_placements": f"""
        CREATE TRIGGER IF NOT EXISTS assignment_capacity_covers_placements
        BEFORE UPDATE OF capacity ON placements_assignment WHEN NEW.capacity < OLD.capacity
        BEGIN
            SELECT RAISE(ABORT, 'placement_within_capacity: more live placements on one day than the new capacity')
            WHERE ({_FULLEST_DAY.format(into="")}) > NEW.capacity;
        END""",
}


SQLITE_SINCE = ("placements", "0009_capacity_held_by_the_database")  # the migration that installs them


def sqlite_install(connection) -> None:
    """Create the SQLite triggers that are missing (after migrating; any table rebuilt has lost its own)."""
    with connection.cursor() as cursor:
        for statement in SQLITE.values():
            cursor.execute(statement)


def sqlite_drop(connection) -> None:
    with connection.cursor() as cursor:
        for name in SQLITE:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
