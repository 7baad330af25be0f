from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .database import SQLITE_SINCE, sqlite_install


def _sqlite_rules(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds the table: create them again once their
    migration is applied (see placements.database)."""
    connection = connections[using]
    if connection.vendor == "sqlite" and SQLITE_SINCE in MigrationRecorder(connection).applied_migrations():
        sqlite_install(connection)


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    def ready(self):
        post_migrate.connect(_sqlite_rules, sender=self, dispatch_uid="placements_sqlite_rules")
