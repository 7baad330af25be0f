"""The data migration turns a student's free-text institution into a school organisation, by name."""

import pytest

from tests.migrations import migrate_to

BEFORE = [("programmes", "0003_schools_and_school_roles")]
AFTER = None  # every app at its latest migration


@pytest.mark.django_db(transaction=True)
def test_each_institution_becomes_its_school_created_when_missing():
    apps = migrate_to(BEFORE)
    Organisation = apps.get_model("organisations", "Organisation")
    Student = apps.get_model("programmes", "Student")
    User = apps.get_model("accounts", "User")
    roc = Organisation.objects.create(name="ROC Nijmegen", kind="school")
    Organisation.objects.create(name="Douane", kind="partner")

    def student(n, institution):
        user = User.objects.create(email=f"s{n}@example.nl", name=f"Student {n}")
        return Student.objects.create(user=user, institution=institution).pk

    ids = {
        "roc": student(1, "ROC Nijmegen"),
        "roc_spaced": student(2, "  roc   nijmegen "),
        "new": student(3, "Hogeschool Leiden"),
        "new_again": student(4, "hogeschool leiden"),
        "employer": student(5, "Douane"),
        "none": student(6, ""),
    }
    apps = migrate_to(AFTER)
    Organisation = apps.get_model("organisations", "Organisation")
    Student = apps.get_model("programmes", "Student")
    school = dict(Student.objects.values_list("pk", "school__name"))
    assert school[ids["roc"]] == school[ids["roc_spaced"]] == "ROC Nijmegen"
    assert school[ids["new"]] == school[ids["new_again"]] == "Hogeschool Leiden"
    assert school[ids["employer"]] is None and school[ids["none"]] is None  # a partner organisation is no school
    assert Organisation.objects.get(name="Hogeschool Leiden").kind == "school"
    assert Organisation.objects.filter(name__iexact="roc nijmegen").get().pk == roc.pk
    apps = migrate_to(BEFORE)  # and back: the names return as text
    Student = apps.get_model("programmes", "Student")
    assert Student.objects.get(pk=ids["new"]).institution == "Hogeschool Leiden"
    migrate_to(AFTER)
