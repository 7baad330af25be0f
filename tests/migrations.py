"""Moving the test database's schema for the data-migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from placements.database import SQLITE_SINCE, sqlite_drop, sqlite_install


def migrate_to(targets):
    """Back to `targets` (Django unapplies what depends on them, in any app, or applies what they need), or
    forward to every app's newest migration when None; the models as the database has them then (every
    applied migration, whichever app it belongs to)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    # As `migrate` does (placements.apps): SQLite rebuilds no table that another table's trigger names.
    if connection.vendor == "sqlite":
        sqlite_drop(connection)
    executor.migrate(targets)
    if connection.vendor == "sqlite" and SQLITE_SINCE in MigrationRecorder(connection).applied_migrations():
        sqlite_install(connection)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps
