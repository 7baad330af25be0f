"""The exchange professionals and coordinators (0003_professionals_exchange_coordinators) were built beside the schools."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_professionals_exchange_coordinators"),
        ("programmes", "0006_required_hours_and_schools_merged"),
    ]

    operations = []
