from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from demo.logins import DEMO_LOGINS, DEMO_TOTP_ROLES, DEMO_TOTP_SECRET
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
        if settings.MFA_REQUIRED_FOR_LEADERS:
            enrol_totp()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def enrol_totp():
    """The demo's leaders and administrator enrolled in two-factor sign-in with the demo's known secret,
    stored as allauth stores it (through the MFA adapter, encrypted)."""
    adapter = get_mfa_adapter()
    for user in User.objects.filter(email__in=[DEMO_LOGINS[role] for role in DEMO_TOTP_ROLES]):
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": adapter.encrypt(DEMO_TOTP_SECRET)}},
        )
