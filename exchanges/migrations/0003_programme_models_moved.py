import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to the models moved from placements to programmes: the same tables, only the state changes."""

    dependencies = [
        ("exchanges", "0002_slot_withdrawn_reflections_as_evaluations"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="exchangeparticipant",
                    name="programme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exchange_participants",
                        to="programmes.programme",
                    ),
                ),
                migrations.AlterField(
                    model_name="exchangeparticipant",
                    name="student",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exchange_participations",
                        to="programmes.student",
                    ),
                ),
            ],
        ),
    ]
