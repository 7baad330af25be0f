"""A student's school was free text (Student.institution); it becomes a school organisation.

Each distinct text (trimmed, ignoring case) maps to the school organisation of that name, created (kind
school) when there is none. A text that names an organisation of another kind (an exchange professional's
employer, which exchanges.ExchangeParticipant.organisation records already) is no school: that student is
left without one rather than made a student of a police unit. Set-based: one UPDATE per distinct name.
"""

from django.db import migrations


def institutions_to_schools(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Student = apps.get_model("programmes", "Student")
    texts = {}
    for text in Student.objects.exclude(institution="").values_list("institution", flat=True).distinct():
        name = " ".join(text.split())
        if name:
            texts.setdefault(name.lower(), (name, set()))[1].add(text)
    if not texts:
        return
    existing = {o.name.lower(): o for o in Organisation.objects.all()}
    for key, (name, variants) in texts.items():
        organisation = existing.get(key)
        if organisation is None:
            organisation = Organisation.objects.create(name=name[:200], kind="school")
            existing[key] = organisation
        if organisation.kind != "school":
            continue
        Student.objects.filter(institution__in=variants).update(school=organisation)


def schools_to_institutions(apps, schema_editor):
    Student = apps.get_model("programmes", "Student")
    Organisation = apps.get_model("organisations", "Organisation")
    for school in Organisation.objects.filter(pk__in=Student.objects.values("school_id")):
        Student.objects.filter(school=school).update(institution=school.name)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("programmes", "0003_schools_and_school_roles"),
        # Exchange-only students become professionals first (their institution names their employer, not a
        # school), and that migration reads the institution this app's 0005 removes.
        ("exchanges", "0005_participant_student_removed"),
    ]

    operations = [migrations.RunPython(institutions_to_schools, schools_to_institutions)]
