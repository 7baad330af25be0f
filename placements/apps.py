from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _

from .database import SQLITE_SINCE, sqlite_drop, sqlite_install


def _sqlite_rules_off(sender, using, **kwargs):
    """Before migrating: SQLite cannot rebuild a table another table's trigger names (placements.database)."""
    if connections[using].vendor == "sqlite":
        sqlite_drop(connections[using])


def _sqlite_rules_on(sender, using, **kwargs):
    """After migrating: the SQLite triggers, once their migration is applied (placements.database)."""
    connection = connections[using]
    if connection.vendor == "sqlite" and SQLITE_SINCE in MigrationRecorder(connection).applied_migrations():
        sqlite_install(connection)


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    def ready(self):
        pre_migrate.connect(_sqlite_rules_off, sender=self, dispatch_uid="placements_sqlite_rules_off")
        post_migrate.connect(_sqlite_rules_on, sender=self, dispatch_uid="placements_sqlite_rules_on")
