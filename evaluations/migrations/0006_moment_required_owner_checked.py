import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every request has its moment and every questionnaire its owner (0005); the programme kind no longer
    decides which questionnaire is asked, and a placement is asked once per moment and respondent role."""

    dependencies = [
        ("evaluations", "0005_final_moment_per_programme"),
        ("organisations", "0001_initial"),
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="evaluationrequest", name="evaluation_request_once"),
        migrations.AlterField(
            model_name="evaluationrequest",
            name="moment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="requests",
                to="evaluations.evaluationmoment",
                verbose_name="evaluation moment",
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationrequest",
            constraint=models.UniqueConstraint(
                fields=("placement", "moment", "audience"), name="evaluation_request_once"
            ),
        ),
        migrations.RemoveField(model_name="questionnaire", name="programme_kind"),
        migrations.AlterModelOptions(
            name="questionnaire",
            options={
                "ordering": ["audience", "name", "id"],
                "verbose_name": "questionnaire",
                "verbose_name_plural": "questionnaires",
            },
        ),
        migrations.AddConstraint(
            model_name="questionnaire",
            constraint=models.CheckConstraint(
                condition=models.Q(("organisation__isnull", True), ("programme__isnull", False))
                | models.Q(("organisation__isnull", False), ("programme__isnull", True)),
                name="questionnaire_one_owner",
                violation_error_message="Choose either a programme or an organisation as owner.",
            ),
        ),
    ]
