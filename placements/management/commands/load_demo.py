import importlib

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from placements import demo


class Command(BaseCommand):
    help = "Load the demo programmes from the seed scenarios (only into an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when there are users already.")

    def handle(self, *args, if_empty=False, **options):
        if User.objects.exists():
            if if_empty:
                self.stdout.write("Demo data: the database has users already, nothing loaded.")
                return
            raise CommandError("The database is not empty; the demo loads only into an empty database.")
        ctx = demo.build(today=timezone.localdate())
        for config in apps.get_app_configs():
            if config.name == "placements":
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.extend(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
