import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to the models moved from placements to programmes: the same tables, only the state changes."""

    dependencies = [
        ("notifications", "0001_initial"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="notification",
                    name="student",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The student this message is about, so leaders can list the messages per student.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="programmes.student",
                    ),
                ),
            ],
        ),
    ]
