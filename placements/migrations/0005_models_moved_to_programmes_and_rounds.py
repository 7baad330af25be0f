import django.db.models.deletion
from django.db import migrations, models

MOVED = {
    "programmes": ["programme", "programmeleader", "cohort", "rotationround", "student", "supervisor"],
    "rounds": ["preference", "matchproposal"],
}


def content_types_follow(apps, schema_editor, *, back=False):
    """The moved models' content types (and with them permissions and audit entries) follow them."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, models_ in MOVED.items():
        old, new = ("placements", app_label) if not back else (app_label, "placements")
        for model in models_:
            if content_type.objects.filter(app_label=old, model=model).exists():
                # One created by post_migrate after a migration back and forth holds only default permissions.
                content_type.objects.filter(app_label=new, model=model).delete()
                content_type.objects.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):
    """Programmes, their people and rounds move to the programmes app, preferences and proposals to rounds.

    The tables stay where they are (the models name them in Meta.db_table): only the state changes.
    """

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0003_programme_models_moved"),
        ("evaluations", "0003_programme_models_moved"),
        ("exchanges", "0003_programme_models_moved"),
        ("imports", "0003_programme_models_moved"),
        ("notifications", "0002_programme_models_moved"),
        ("placements", "0004_programme_evaluation_days_before_end"),
        ("programmes", "0001_initial"),
        ("rounds", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="cohort",
                    name="programme",
                ),
                migrations.RemoveField(
                    model_name="cohort",
                    name="students",
                ),
                migrations.RemoveField(
                    model_name="rotationround",
                    name="cohort",
                ),
                migrations.RemoveField(
                    model_name="matchproposal",
                    name="assignment",
                ),
                migrations.RemoveField(
                    model_name="matchproposal",
                    name="rotation_round",
                ),
                migrations.RemoveField(
                    model_name="matchproposal",
                    name="student",
                ),
                migrations.RemoveField(
                    model_name="preference",
                    name="assignment",
                ),
                migrations.RemoveField(
                    model_name="preference",
                    name="rotation_round",
                ),
                migrations.RemoveField(
                    model_name="preference",
                    name="student",
                ),
                migrations.RemoveField(
                    model_name="programme",
                    name="leaders",
                ),
                migrations.RemoveField(
                    model_name="programme",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="programmeleader",
                    name="programme",
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="programme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activities",
                        to="programmes.programme",
                    ),
                ),
                migrations.AlterField(
                    model_name="assignment",
                    name="programme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="programmes.programme",
                    ),
                ),
                migrations.RemoveField(
                    model_name="programmeleader",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="placement",
                    name="rotation_round",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="placements",
                        to="programmes.rotationround",
                    ),
                ),
                migrations.RemoveField(
                    model_name="student",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="placement",
                    name="student",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="placements", to="programmes.student"
                    ),
                ),
                migrations.AlterField(
                    model_name="attendance",
                    name="student",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attendances", to="programmes.student"
                    ),
                ),
                migrations.RemoveField(
                    model_name="supervisor",
                    name="units",
                ),
                migrations.RemoveField(
                    model_name="supervisor",
                    name="user",
                ),
                migrations.AlterField(
                    model_name="placement",
                    name="supervisor",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="placements",
                        to="programmes.supervisor",
                    ),
                ),
                migrations.AlterField(
                    model_name="assignment",
                    name="default_supervisor",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="default_assignments",
                        to="programmes.supervisor",
                        verbose_name="default supervisor",
                    ),
                ),
                migrations.AlterField(
                    model_name="activity",
                    name="participants",
                    field=models.ManyToManyField(
                        related_name="activities", through="placements.Attendance", to="programmes.student"
                    ),
                ),
                migrations.DeleteModel(
                    name="Cohort",
                ),
                migrations.DeleteModel(
                    name="MatchProposal",
                ),
                migrations.DeleteModel(
                    name="Preference",
                ),
                migrations.DeleteModel(
                    name="Programme",
                ),
                migrations.DeleteModel(
                    name="ProgrammeLeader",
                ),
                migrations.DeleteModel(
                    name="RotationRound",
                ),
                migrations.DeleteModel(
                    name="Student",
                ),
                migrations.DeleteModel(
                    name="Supervisor",
                ),
            ],
        ),
        migrations.RunPython(
            content_types_follow, lambda apps, editor: content_types_follow(apps, editor, back=True), elidable=False
        ),
    ]
