import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Evaluation moments per programme and questionnaire owners, nullable until 0005 fills them in."""

    dependencies = [
        ("evaluations", "0003_programme_models_moved"),
        ("organisations", "0001_initial"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationMoment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "placement_share",
                    models.PositiveSmallIntegerField(
                        default=100,
                        help_text="0 is the placement's first day, 50 half-way, 100 its last day.",
                        verbose_name="moment in the placement (%)",
                    ),
                ),
                (
                    "offset_days",
                    models.SmallIntegerField(
                        default=0,
                        help_text="Negative for earlier, e.g. -14 for two weeks before.",
                        verbose_name="days later",
                    ),
                ),
                ("due_days", models.PositiveSmallIntegerField(default=21, verbose_name="days to complete")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluation_moments",
                        to="programmes.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation moment",
                "verbose_name_plural": "evaluation moments",
                "ordering": ["programme", "position", "placement_share", "offset_days", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("programme", "name"), name="evaluation_moment_name_once"),
                    models.CheckConstraint(
                        condition=models.Q(("placement_share__lte", 100)), name="evaluation_moment_share_percent"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("offset_days__gte", -366), ("offset_days__lte", 366)),
                        name="evaluation_moment_offset_in_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("due_days__gte", 1), ("due_days__lte", 366)),
                        name="evaluation_moment_due_days_range",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="MomentQuestionnaire",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "audience",
                    models.CharField(
                        choices=[("student", "Student"), ("supervisor", "Supervisor")],
                        max_length=20,
                        verbose_name="respondent role",
                    ),
                ),
                (
                    "moment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questionnaire_links",
                        to="evaluations.evaluationmoment",
                    ),
                ),
                (
                    "questionnaire",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="moment_links",
                        to="evaluations.questionnaire",
                    ),
                ),
            ],
            options={
                "verbose_name": "questionnaire of a moment",
                "verbose_name_plural": "questionnaires of moments",
                "constraints": [
                    models.UniqueConstraint(fields=("moment", "audience"), name="moment_questionnaire_once")
                ],
            },
        ),
        migrations.AddField(
            model_name="evaluationmoment",
            name="questionnaires",
            field=models.ManyToManyField(
                related_name="moments", through="evaluations.MomentQuestionnaire", to="evaluations.questionnaire"
            ),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questionnaires",
                to="programmes.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="questionnaires",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="evaluationrequest",
            name="moment",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="requests",
                to="evaluations.evaluationmoment",
                verbose_name="evaluation moment",
            ),
        ),
    ]
