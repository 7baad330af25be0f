from django.conf import settings
from django.core.management.base import BaseCommand

from demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_ROLES, DEMO_TOTP_SECRET, ROLE_LABELS


class Command(BaseCommand):
    help = "Print the portal's URL and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Placement portal: {url}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in DEMO_LOGINS.items():
            self.stdout.write(f"  {ROLE_LABELS[role]:<48} {email}")
        if settings.MFA_REQUIRED_FOR_LEADERS:
            roles = ", ".join(ROLE_LABELS[role] for role in DEMO_TOTP_ROLES)
            self.stdout.write(f"Two-factor sign-in for {roles}: authenticator app secret {DEMO_TOTP_SECRET}")
        self.stdout.write("E-mails sent by the worker land in var/mail/.")
        self.stdout.write("")
