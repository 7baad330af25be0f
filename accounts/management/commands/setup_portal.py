from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand

from core.hooks import setup_steps


class Command(BaseCommand):
    help = "Idempotent install steps: the site's domain and each app's defaults (core.hooks.setup_steps)."

    def handle(self, *args, **options):
        domain = urlsplit(settings.SITE_URL).netloc or "localhost"
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": "Stageportaal"})
        for step in setup_steps:
            step()
        self.stdout.write(self.style.SUCCESS("Portal set up."))
