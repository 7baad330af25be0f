"""The required hours (0003_programme_required_hours) and the schools (0003-0005) were built side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_programme_required_hours"),
        ("programmes", "0005_student_institution_removed"),
    ]

    operations = []
