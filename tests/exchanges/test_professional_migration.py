"""The data migration makes exchange participants professionals of their organisation; students who are
only in exchange programmes stop being students (out of the exchange cohorts, study fields emptied), and
keep a bare Student row only where one-day placements hang on it."""

from datetime import date

import pytest

from tests.migrations import migrate_to

BEFORE = [("exchanges", "0003_programme_models_moved")]
AFTER = [("exchanges", "0005_participant_student_removed")]


@pytest.mark.django_db(transaction=True)
def test_exchange_only_students_become_professionals():
    apps = migrate_to(BEFORE)
    model = apps.get_model
    day = {"start_date": date(2026, 10, 1), "end_date": date(2026, 10, 1)}
    police = model("organisations", "Organisation").objects.create(name="Eenheid Rotterdam", kind="police_unit")
    douane = model("organisations", "Organisation").objects.create(name="Douane", kind="partner")
    exchange = model("programmes", "Programme").objects.create(
        name="Wisselstage",
        kind="exchange",
        organisation=police,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    pilot = model("programmes", "Programme").objects.create(
        name="Pilot", kind="work_student", organisation=police, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)
    )
    exchange_cohort = model("programmes", "Cohort").objects.create(
        programme=exchange, name="Najaar", start_date=day["start_date"]
    )
    pilot_cohort = model("programmes", "Cohort").objects.create(
        programme=pilot, name="Feb", start_date=day["start_date"]
    )
    students = {}
    for key in ("visited", "never", "also_student", "unlisted"):
        user = model("accounts", "User").objects.create(email=f"{key}@example.nl", name=key)
        institution = "Douane" if key == "unlisted" else "Eenheid Rotterdam"
        students[key] = model("programmes", "Student").objects.create(user=user, institution=institution)
        exchange_cohort.students.add(students[key])
        if key != "unlisted":
            model("exchanges", "ExchangeParticipant").objects.create(
                programme=exchange, student=students[key], organisation=police
            )
    pilot_cohort.students.add(students["also_student"])
    unit = model("organisations", "Unit").objects.create(organisation=douane, name="Haven")
    assignment = model("placements", "Assignment").objects.create(programme=exchange, unit=unit, title="Dag")
    model("placements", "Placement").objects.create(student=students["visited"], assignment=assignment, **day)

    apps = migrate_to(AFTER)
    Professional, Student = apps.get_model("programmes", "Professional"), apps.get_model("programmes", "Student")
    participants = apps.get_model("exchanges", "ExchangeParticipant").objects.all()
    assert {p.professional.user.email for p in participants} == {
        "visited@example.nl", "never@example.nl", "also_student@example.nl"
    }  # fmt: skip
    by_email = {p.user.email: p.organisation.name for p in Professional.objects.all()}
    assert by_email["unlisted@example.nl"] == "Douane"  # from the institution that names an organisation
    assert set(by_email.values()) == {"Eenheid Rotterdam", "Douane"}
    holder = Student.objects.get(user__email="visited@example.nl")  # holds the one-day placement
    assert holder.institution == "" and not holder.cohorts.exists()
    assert not Student.objects.filter(user__email__in=["never@example.nl", "unlisted@example.nl"]).exists()
    kept = Student.objects.get(user__email="also_student@example.nl")  # a student elsewhere stays one
    assert kept.institution == "Eenheid Rotterdam" and kept.cohorts.count() == 2
    migrate_to(None)  # every app back at its newest migration
