"""Exchange participants reference their professional only (0004 filled it in); a professional's emptied
Student row that holds no placement goes."""

import django.db.models.deletion
from django.db import migrations, models


def bare_students_removed(apps, schema_editor):
    """After the participations let go of their students: a professional's emptied Student row without
    placements (nothing for it to hold) goes."""
    Student = apps.get_model("programmes", "Student")
    Student.objects.filter(
        user__professional__isnull=False,
        placements__isnull=True,
        cohorts__isnull=True,
        institution="",
        study_programme="",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0004_participants_are_professionals")]

    operations = [
        migrations.RemoveConstraint(model_name="exchangeparticipant", name="exchange_participant_once"),
        migrations.RemoveField(model_name="exchangeparticipant", name="organisation"),
        migrations.RemoveField(model_name="exchangeparticipant", name="student"),
        migrations.AlterField(
            model_name="exchangeparticipant",
            name="professional",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exchange_participations",
                to="programmes.professional",
            ),
        ),
        migrations.AddConstraint(
            model_name="exchangeparticipant",
            constraint=models.UniqueConstraint(
                fields=("programme", "professional"), name="exchange_participant_once_per_person"
            ),
        ),
        migrations.RunPython(bare_students_removed, migrations.RunPython.noop, elidable=False),
    ]
