from django.db import migrations

OLD, NEW = "placements.tasks.send_rotation_reminders", "rounds.tasks.send_rotation_reminders"


def rename(apps, schema_editor, *, old=OLD, new=NEW):
    """The rotation reminders moved to the rounds app: a scheduled entry follows (its time stays)."""
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=old).update(task=new)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("notifications", "0003_notification_unique_kind_window_first"),
    ]

    operations = [
        migrations.RunPython(rename, lambda apps, editor: rename(apps, editor, old=NEW, new=OLD), elidable=False)
    ]
