import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Foreign keys to the models moved from placements to programmes: the same tables, only the state changes."""

    dependencies = [
        ("documents", "0002_daily_expiry_warning_schedule"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="documentrequirement",
                    name="programme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="document_requirements",
                        to="programmes.programme",
                    ),
                ),
                migrations.AlterField(
                    model_name="studentdocument",
                    name="student",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="programmes.student"
                    ),
                ),
            ],
        ),
    ]
