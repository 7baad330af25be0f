from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for the leader's pages and the rotation reminders.

    assignment + status: a leader's placements are found per assignment of their programmes (the list and
    its count). assignment + end + start: placements running on a day or ending within a period, per
    assignment (the dashboard). start, end: placements starting or ending within the coming weeks (the
    reminders, a BitmapOr of the two).
    """

    dependencies = [
        ("placements", "0005_models_moved_to_programmes_and_rounds"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["assignment", "status"], name="placement_assignment_status"),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["assignment", "end_date", "start_date"], name="placement_assignment_end"),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["start_date"], name="placement_start"),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["end_date"], name="placement_end"),
        ),
    ]
