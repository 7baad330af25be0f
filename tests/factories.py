"""factory_boy factories for the domain; personas in tests/conftest.py build on these."""

from datetime import date

import factory
from allauth.account.models import EmailAddress
from faker import Faker

from accounts.models import User
from organisations.models import Organisation, Unit
from placements.models import Assignment, Placement
from programmes.models import (
    Cohort,
    Level,
    Programme,
    ProgrammeLeader,
    ProgrammeSchool,
    RotationRound,
    SbbAdviser,
    SchoolSupervisor,
    Student,
    Supervisor,
)

PASSWORD = "correct-horse-battery-staple"
_DUTCH = Faker("nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nl")
    # Dutch names, minus the apostrophe of names such as "van 't Wel": pages HTML-escape it, so a test that
    # looks for the raw name in a page would fail whenever Faker happened to draw one.
    name = factory.LazyFunction(lambda: _DUTCH.name().replace("'", ""))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.POLICE_UNIT


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programma {n}")
    kind = Programme.Kind.WORK_STUDENT
    organisation = factory.SubFactory(OrganisationFactory)
    start_date = date(2026, 2, 1)
    end_date = date(2028, 1, 31)


class ProgrammeLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeLeader

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"School {n}")
    kind = Organisation.Kind.SCHOOL


class ProgrammeSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSchool

    programme = factory.SubFactory(ProgrammeFactory)
    school = factory.SubFactory(SchoolFactory)


class SchoolSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolSupervisor

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)


class SbbAdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SbbAdviser
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.set(extracted)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(UserFactory)
    study_programme = "Criminologie"
    level = Level.WO


class SupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supervisor

    user = factory.SubFactory(UserFactory)
    max_students = 3


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Lichting {n}")
    start_date = date(2026, 2, 1)

    @factory.post_generation
    def students(self, create, extracted, **kwargs):
        if create and extracted:
            self.students.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    programme = factory.SubFactory(ProgrammeFactory)
    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Opdracht {n}")
    capacity = 2


class RotationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RotationRound

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Ronde {n}")
    start_date = date(2026, 8, 1)
    end_date = date(2027, 1, 31)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    student = factory.SubFactory(StudentFactory)
    assignment = factory.SubFactory(AssignmentFactory)
    supervisor = factory.SubFactory(SupervisorFactory)
    start_date = date(2026, 8, 1)
    end_date = date(2027, 1, 31)
    status = Placement.Status.ACTIVE


class ProfessionalFactory(factory.django.DjangoModelFactory):
    """A person of an organisation in exchanges (not a student)."""

    class Meta:
        model = "programmes.Professional"

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def placement_admin_data(placement, **changes) -> dict:
    """The admin's change form of a placement as posted, with `changes` (field -> posted value)."""
    data = {
        "student": placement.student.pk,
        "assignment": placement.assignment.pk,
        "supervisor": placement.supervisor.pk if placement.supervisor else "",
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "status": placement.status,
        "notes": placement.notes,
        "learning_goals-TOTAL_FORMS": "0",
        "learning_goals-INITIAL_FORMS": "0",
    }
    return data | changes
