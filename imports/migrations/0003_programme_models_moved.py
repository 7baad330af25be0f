import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to the models moved from placements to programmes: the same tables, only the state changes."""

    dependencies = [
        ("imports", "0002_import_invite"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="importjob",
                    name="programme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="import_jobs",
                        to="programmes.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
        ),
    ]
