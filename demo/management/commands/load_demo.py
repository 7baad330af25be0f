from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from demo.scenarios import build


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
        build(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
