"""Exchange participants are professionals (people of their organisation), not students.

Every participant gets the Professional profile of their person (their organisation: the participation's).
Students who are only in exchange programmes (no cohort and no placement in any other programme) stop being
students: they leave the exchange cohorts (the "28 studenten") and lose the study fields that held their
employer; those with one-day placements keep a bare Student row as the placements' holder, the others lose
it. Exchange-only students without a participation whose institution names an organisation are converted
too. Not reversible: which rows were students is gone. The columns change in 0005: PostgreSQL will not alter a
table with pending trigger events in the transaction that wrote its rows.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def _exchange_only(Student, Programme):
    exchange = Programme.objects.filter(kind="exchange").values("pk")
    other = Programme.objects.exclude(kind="exchange").values("pk")
    return Student.objects.filter(
        Q(exchange_participations__isnull=False)
        | Q(cohorts__programme__in=exchange)
        | Q(placements__assignment__programme__in=exchange)
    ).exclude(Q(cohorts__programme__in=other) | Q(placements__assignment__programme__in=other))


def participants_to_professionals(apps, schema_editor):
    Participant = apps.get_model("exchanges", "ExchangeParticipant")
    Professional = apps.get_model("programmes", "Professional")
    Student = apps.get_model("programmes", "Student")
    Programme = apps.get_model("programmes", "Programme")
    Cohort = apps.get_model("programmes", "Cohort")
    Organisation = apps.get_model("organisations", "Organisation")

    for participant in Participant.objects.select_related("student").order_by("pk"):
        professional, _created = Professional.objects.get_or_create(
            user_id=participant.student.user_id, defaults={"organisation_id": participant.organisation_id}
        )
        participant.professional = professional
        participant.save(update_fields=["professional"])

    converted = list(_exchange_only(Student, Programme).distinct())
    organisations = {o.name.casefold(): o.pk for o in Organisation.objects.all()}
    for student in converted:
        organisation_id = organisations.get(student.institution.strip().casefold())
        if organisation_id is not None:
            Professional.objects.get_or_create(user_id=student.user_id, defaults={"organisation_id": organisation_id})
    # Only the students who are professionals now leave the student side.
    ids = list(Professional.objects.filter(user__student__in=converted).values_list("user__student__pk", flat=True))
    Cohort.students.through.objects.filter(student_id__in=ids, cohort__programme__kind="exchange").delete()
    Student.objects.filter(pk__in=ids).update(
        institution="", study_programme="", level="", expected_graduation=None, backgrounds=[]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0003_programme_models_moved"),
        ("programmes", "0003_professionals_exchange_coordinators"),
        ("placements", "0007_placement_assignment_id_index"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangeparticipant",
            name="professional",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exchange_participations",
                to="programmes.professional",
            ),
        ),
        migrations.RunPython(participants_to_professionals, migrations.RunPython.noop, elidable=False),
    ]
