from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from rounds.reminders import rotation_reminders_send


class Command(BaseCommand):
    help = "Queue the rotation reminders due today now (what the daily 07:00 job does). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend it is this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        counts = rotation_reminders_send(today=today or timezone.localdate())
        self.stdout.write(
            f"Queued {counts.leader} leader and {counts.participant} student/supervisor reminders; "
            "the worker sends them (see var/mail/ with the embedded defaults)."
        )
