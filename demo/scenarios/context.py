"""What the scenarios share while they are built: the day, the random source, the named objects, and the
invented people (accounts through accounts.services, students through programmes.services)."""

import random
from dataclasses import dataclass, field
from datetime import date

from accounts.models import User
from accounts.services import users_create
from organisations.models import Organisation, Unit
from programmes.models import Programme, Student, Supervisor
from programmes.services import NewStudent, students_create

FIRST_NAMES = [
    "Sanne",
    "Daan",
    "Fleur",
    "Bram",
    "Noor",
    "Sem",
    "Lotte",
    "Jesse",
    "Yara",
    "Milan",
    "Eva",
    "Thijs",
    "Amira",
    "Luuk",
    "Iris",
    "Mohamed",
    "Julia",
    "Ruben",
    "Sara",
    "Stijn",
    "Lieke",
    "Omar",
    "Femke",
    "Tim",
    "Zoë",
    "Niels",
    "Hanna",
    "Kevin",
    "Esra",
    "Joris",
    "Maud",
    "Bilal",
    "Anouk",
    "Rick",
    "Nina",
    "Youssef",
    "Roos",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Verhoeven",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "van Dijk",
    "Postma",
]


@dataclass
class DemoContext:
    today: date
    rng: random.Random
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: list[int] = field(default_factory=list)  # ids of every account the demo made
    questionnaires: dict = field(default_factory=dict)  # per owner: the questionnaire per respondent role
    moments: dict = field(default_factory=dict)  # named evaluation moments, e.g. the exchange's reflection
    name_counter: int = 0

    def identity(self, email: str | None = None, name: str | None = None) -> tuple[str, str]:
        """The (name, e-mail address) of a person; an invented one for what is not given."""
        if name is None:
            first = FIRST_NAMES[self.name_counter % len(FIRST_NAMES)]
            name = f"{first} {LAST_NAMES[(self.name_counter * 7) % len(LAST_NAMES)]}"
            self.name_counter += 1
        if email is None:
            email = name.lower().replace(" ", ".").replace("ë", "e") + f"{self.name_counter}@example.nl"
        return name, email

    def person(self, email: str | None = None, name: str | None = None) -> User:
        """A new account (verified address; the demo password is set once at the end of the build)."""
        (user,) = users_create(people=[self.identity(email, name)])
        self.people.append(user.pk)
        return user

    def students(self, new: list[NewStudent], backgrounds: list[list[str]] | None = None) -> list[Student]:
        """New people with a student profile, each in their cohort; `backgrounds` per student, if given."""
        profiles = students_create(students=new)
        self.people.extend(profile.user_id for profile in profiles)
        if backgrounds is not None:
            for profile, tags in zip(profiles, backgrounds, strict=True):
                profile.backgrounds = tags
            Student.objects.bulk_update(profiles, ["backgrounds"])
        return profiles

    def supervisor(self, units: list[Unit], job_title: str, max_students: int = 3, **person) -> Supervisor:
        """A new person with a supervisor profile in these units."""
        supervisor = Supervisor.objects.create(
            user=self.person(**person), job_title=job_title, max_students=max_students
        )
        supervisor.units.set(units)
        return supervisor
