import importlib
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Idempotent install steps: the site's domain and each app's defaults (its setup.run())."

    def handle(self, *args, **options):
        domain = urlsplit(settings.SITE_URL).netloc or "localhost"
        Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": "Stageportaal"})
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.setup")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.setup":
                    raise
                continue
            module.run()
        self.stdout.write(self.style.SUCCESS("Portal set up."))
