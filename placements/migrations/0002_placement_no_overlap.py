"""No two live placements of one student overlap: a Postgres exclusion constraint.

SQLite has no exclusion constraints; there the same rule is checked by placements.services inside the
write transaction (SQLite serialises writers, so the check cannot race).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE placements_placement ADD CONSTRAINT placement_no_overlap
    EXCLUDE USING gist (student_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
    WHERE (status <> 'cancelled');
"""
DROP = "ALTER TABLE placements_placement DROP CONSTRAINT IF EXISTS placement_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
