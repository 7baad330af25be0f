"""An assignment's capacity on every day held by the database (triggers on PostgreSQL and SQLite), and on
SQLite also the student's overlap rule that PostgreSQL holds with the exclusion constraint of 0002.
The statements and why they hold under concurrency: placements.database. On SQLite this migration only
marks the moment: the triggers are made after every `migrate` (placements.apps), so that later migrations
can still rebuild the tables."""

from django.db import migrations

from placements import database


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(database.POSTGRESQL, params=None)  # its RAISE messages hold % signs


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(database.POSTGRESQL_DROP)
    elif connection.vendor == "sqlite":
        database.sqlite_drop(connection)


class Migration(migrations.Migration):
    dependencies = [("placements", "0008_project_groups")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
