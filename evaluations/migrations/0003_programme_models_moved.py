import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to the models moved from placements to programmes: the same tables, only the state changes."""

    dependencies = [
        ("evaluations", "0002_respondent_unlinked_on_erasure"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cohortreport",
                    name="cohort",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluation_report",
                        to="programmes.cohort",
                    ),
                ),
            ],
        ),
    ]
