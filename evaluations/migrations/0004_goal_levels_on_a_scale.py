"""Learning goals are assessed on the programme's scale: `achieved` becomes a level with its scale.

Every earlier assessment was a yes/no on what is now the "achieved" scale (and the programmes keep that
scale, programmes 0002): yes becomes its top level (2, achieved), no its lowest (1).
"""

import django.db.models.deletion
from django.db import migrations, models

SCALES = [
    ("achieved", "Not achieved / achieved"),
    ("sufficient", "Insufficient / sufficient / good"),
    ("five_point", "1 to 5"),
]


def achieved_to_level(apps, schema_editor):
    GoalAssessment = apps.get_model("evaluations", "GoalAssessment")
    GoalAssessment.objects.filter(achieved=True).update(scale="achieved", level=2)
    GoalAssessment.objects.filter(achieved=False).update(scale="achieved", level=1)


def level_to_achieved(apps, schema_editor):
    GoalAssessment = apps.get_model("evaluations", "GoalAssessment")
    for scale, passed_from in (("achieved", 2), ("sufficient", 2), ("five_point", 3)):
        GoalAssessment.objects.filter(scale=scale, level__gte=passed_from).update(achieved=True)
        GoalAssessment.objects.filter(scale=scale, level__lt=passed_from).update(achieved=False)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_programme_models_moved"),
        ("placements", "0006_placement_scope_and_period_indexes"),
        ("programmes", "0002_goal_scale_and_standard_goals"),
    ]

    operations = [
        migrations.AddField(
            model_name="goalassessment",
            name="scale",
            field=models.CharField(choices=SCALES, default="achieved", max_length=20, verbose_name="scale"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="goalassessment",
            name="level",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="level"),
        ),
        # Nullable first, so that going back re-adds the column empty and then fills it.
        migrations.AlterField(
            model_name="goalassessment",
            name="achieved",
            field=models.BooleanField(null=True, verbose_name="achieved"),
        ),
        migrations.RunPython(achieved_to_level, level_to_achieved),
        migrations.RemoveField(model_name="goalassessment", name="achieved"),
        migrations.AlterField(
            model_name="goalassessment",
            name="level",
            field=models.PositiveSmallIntegerField(verbose_name="level"),
        ),
        migrations.AlterField(
            model_name="goalassessment",
            name="learning_goal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="assessments",
                to="placements.learninggoal",
            ),
        ),
        migrations.AlterModelOptions(
            name="goalassessment",
            options={"verbose_name": "learning goal assessment", "verbose_name_plural": "learning goal assessments"},
        ),
        migrations.AddConstraint(
            model_name="goalassessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("level__gte", 1), ("level__lte", 2), ("scale", "achieved")),
                    models.Q(("level__gte", 1), ("level__lte", 3), ("scale", "sufficient")),
                    models.Q(("level__gte", 1), ("level__lte", 5), ("scale", "five_point")),
                    _connector="OR",
                ),
                name="goal_assessment_level_on_scale",
            ),
        ),
    ]
