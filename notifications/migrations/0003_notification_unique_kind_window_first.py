from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The unique key leads with kind and window: the daily jobs' lookups of what a window holds already
    (and what is still pending) become a range of the index instead of a walk over every message of the
    kind. Same columns, same uniqueness."""

    dependencies = [
        ("notifications", "0002_programme_models_moved"),
        ("programmes", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="notification", name="notification_once_per_window"),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("kind", "window", "object_key", "recipient"), name="notification_once_per_window"
            ),
        ),
    ]
