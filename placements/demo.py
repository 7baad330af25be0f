"""Demo data built from the seed scenarios, with dates around today so every page has something to show.

- the Den Haag work-student pilot (SAOP subsidy): two cohorts (February and September), 21 students who
  rotate every six months over units of Eenheid Den Haag, Eenheid Rotterdam, Staf Korpsleiding and the
  landelijk team Forensische Opsporing;
- the Nijmegen enforcement internships: ROC Nijmegen level 3 and Helicon level 4 students in block
  internships and a group project internship, with learning goals and final presentations;
- Wisselstage!, one-day exchange internships among partner organisations in Rotterdam-Rijnmond.

The names of people are invented. Other apps extend the demo through a `demo.extend(context)` function.
"""

import functools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from organisations.models import Organisation, Unit
from programmes.models import Cohort, Level, Programme, ProgrammeLeader, RotationRound, Student, Supervisor
from rounds.models import Preference

from . import services
from .models import Activity, Assignment, Attendance, Placement

DEMO_PASSWORD = "demo-portaal-2026"  # noqa: S105 (printed for the demo logins)
DEMO_LOGINS = {
    "admin": "beheerder@example.nl",
    "leader": "projectleider@example.nl",
    "supervisor": "begeleider@example.nl",
    "student": "student@example.nl",
    "enforcement_leader": "stagecoordinator@example.nl",
}

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
UNIVERSITIES = [
    ("Universiteit Leiden", "Criminologie", ["law", "criminology"]),
    ("Erasmus Universiteit Rotterdam", "Bestuurskunde", ["public administration"]),
    ("TU Delft", "Computer Science", ["data", "it"]),
    ("Haagse Hogeschool", "Integrale Veiligheidskunde", ["safety", "policy"]),
    ("Universiteit Utrecht", "Psychologie", ["psychology"]),
    ("Vrije Universiteit Amsterdam", "Forensische wetenschappen", ["forensics", "data"]),
]


@dataclass
class DemoContext:
    today: date
    rng: random.Random
    organisations: dict[str, Organisation] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    name_counter: int = 0
    units_had: dict[int, set[int]] = field(default_factory=dict)


@functools.cache
def _demo_password_hash() -> str:
    """Hashing is slow on purpose; the demo's ~100 accounts share one hash of the one demo password."""
    return make_password(DEMO_PASSWORD)


def _user(ctx: DemoContext, email: str | None = None, name: str | None = None, **extra) -> User:
    if name is None:
        name = (
            f"{FIRST_NAMES[ctx.name_counter % len(FIRST_NAMES)]} {LAST_NAMES[(ctx.name_counter * 7) % len(LAST_NAMES)]}"
        )
        ctx.name_counter += 1
    if email is None:
        email = name.lower().replace(" ", ".").replace("ë", "e") + f"{ctx.name_counter}@example.nl"
    user = User.objects.create(email=email, password=_demo_password_hash(), name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _unit(ctx: DemoContext, org_key: str, name: str, **extra) -> Unit:
    unit = Unit.objects.create(organisation=ctx.organisations[org_key], name=name, **extra)
    ctx.units[name] = unit
    return unit


def _organisations(ctx: DemoContext) -> None:
    rows = [
        ("den_haag", "Politie Eenheid Den Haag", Organisation.Kind.POLICE_UNIT, "Den Haag"),
        ("rotterdam", "Politie Eenheid Rotterdam", Organisation.Kind.POLICE_UNIT, "Rotterdam"),
        ("landelijk", "Politie Landelijke Eenheid", Organisation.Kind.NATIONAL_UNIT, "Driebergen"),
        ("staf", "Staf Korpsleiding", Organisation.Kind.STAFF_DIRECTORATE, "Den Haag"),
        ("nijmegen", "Gemeente Nijmegen", Organisation.Kind.MUNICIPALITY, "Nijmegen"),
        ("dordrecht", "Gemeente Dordrecht", Organisation.Kind.MUNICIPALITY, "Dordrecht"),
        ("veilig_thuis", "Veilig Thuis Rotterdam-Rijnmond", Organisation.Kind.PARTNER, "Rotterdam"),
        ("roc", "ROC Nijmegen", Organisation.Kind.SCHOOL, "Nijmegen"),
        ("helicon", "Helicon MBO Nijmegen", Organisation.Kind.SCHOOL, "Nijmegen"),
    ]
    for key, name, kind, city in rows:
        ctx.organisations[key] = Organisation.objects.create(name=name, kind=kind, city=city)
    drio = _unit(ctx, "den_haag", "DRIO", address="Burgemeester Patijnlaan 35, Den Haag")
    _unit(ctx, "den_haag", "DRIO – Analyse en Onderzoek", parent=drio, address="Burgemeester Patijnlaan 35, Den Haag")
    _unit(ctx, "den_haag", "District Haaglanden-Zuid", address="Jan Hendrikplaats 1, Den Haag")
    _unit(ctx, "den_haag", "Bedrijfsvoering – HRM", address="Burgemeester Patijnlaan 35, Den Haag")
    _unit(ctx, "rotterdam", "Dienst Regionale Recherche", address="Doelwater 5, Rotterdam")
    _unit(ctx, "rotterdam", "Gebiedsgebonden Politiezorg", address="Doelwater 5, Rotterdam")
    _unit(ctx, "staf", "Directie Strategie & Innovatie", address="Nieuwe Uitleg 1, Den Haag")
    _unit(ctx, "landelijk", "Landelijk team Forensische Opsporing", address="Hoofdstraat 54, Driebergen")
    _unit(ctx, "nijmegen", "Toezicht & Handhaving", address="Korte Nieuwstraat 6, Nijmegen")
    _unit(ctx, "veilig_thuis", "Procesregie", address="Rotterdam")
    _unit(ctx, "dordrecht", "Sociaal Domein", address="Spuiboulevard 300, Dordrecht")


def _supervisor(ctx: DemoContext, unit_names: list[str], job_title: str, **user_kwargs) -> Supervisor:
    supervisor = Supervisor.objects.create(user=_user(ctx, **user_kwargs), job_title=job_title, max_students=3)
    supervisor.units.set([ctx.units[name] for name in unit_names])
    return supervisor


def _rounds(cohort: Cohort, count: int, months: int) -> list[RotationRound]:
    rounds = []
    for index in range(count):
        start = cohort.start_date + relativedelta(months=months * index)
        rounds.append(
            RotationRound.objects.create(
                cohort=cohort,
                name=f"Ronde {index + 1}",
                start_date=start,
                end_date=start + relativedelta(months=months) - timedelta(days=1),
            )
        )
    return rounds


def _latest(month: int, day: int, before: date) -> date:
    candidate = date(before.year, month, day)
    return candidate if candidate <= before else date(before.year - 1, month, day)


def _pilot(ctx: DemoContext) -> None:
    today = ctx.today
    feb_start = _latest(2, 1, today - relativedelta(months=6))
    sep_start = _latest(9, 1, today)
    programme = Programme.objects.create(
        name="Pilot Werkstudenten Den Haag",
        kind=Programme.Kind.WORK_STUDENT,
        organisation=ctx.organisations["den_haag"],
        description="Academische werkstudenten brengen andere denkwijzen, diversiteit en actuele kennis in de eenheid.",
        start_date=min(feb_start, sep_start),
        end_date=max(feb_start, sep_start) + relativedelta(months=24) - timedelta(days=1),
        rotation_length=6,
        funding="SAOP-subsidie",
    )
    ctx.programmes["pilot"] = programme
    leader = _user(ctx, email=DEMO_LOGINS["leader"], name="Janneke Verbeek")
    ctx.users["leader"] = leader
    ProgrammeLeader.objects.create(programme=programme, user=leader)

    demo_supervisor = _supervisor(
        ctx,
        ["DRIO", "DRIO – Analyse en Onderzoek"],
        "Teamleider analyse",
        email=DEMO_LOGINS["supervisor"],
        name="Marco van Rijn",
        phone="06-12345678",
    )
    ctx.users["supervisor"] = demo_supervisor.user
    supervisors = {
        "DRIO": demo_supervisor,
        "DRIO – Analyse en Onderzoek": demo_supervisor,
        "District Haaglanden-Zuid": _supervisor(ctx, ["District Haaglanden-Zuid"], "Districtschef"),
        "Bedrijfsvoering – HRM": _supervisor(ctx, ["Bedrijfsvoering – HRM"], "HR-adviseur"),
        "Dienst Regionale Recherche": _supervisor(ctx, ["Dienst Regionale Recherche"], "Tactisch rechercheur"),
        "Gebiedsgebonden Politiezorg": _supervisor(ctx, ["Gebiedsgebonden Politiezorg"], "Senior GGP"),
        "Directie Strategie & Innovatie": _supervisor(ctx, ["Directie Strategie & Innovatie"], "Strategisch adviseur"),
        "Landelijk team Forensische Opsporing": _supervisor(
            ctx, ["Landelijk team Forensische Opsporing"], "Forensisch specialist"
        ),
    }
    for supervisor in supervisors.values():
        supervisor.max_students = 6 if supervisor == demo_supervisor else 3
        supervisor.save(update_fields=["max_students"])
    assignment_rows = [
        ("DRIO", "Datagedreven criminaliteitsbeeld", ["data", "criminology"], 3),
        ("DRIO – Analyse en Onderzoek", "Analyse ondermijning in de haven", ["data", "law"], 3),
        ("District Haaglanden-Zuid", "Evaluatie wijkgericht werken", ["policy", "public administration"], 3),
        ("Bedrijfsvoering – HRM", "Diversiteit en instroom", ["psychology", "policy"], 3),
        ("Dienst Regionale Recherche", "Digitale sporen in onderzoeken", ["it", "forensics"], 3),
        ("Gebiedsgebonden Politiezorg", "Samenwerking met Veilig Thuis", ["psychology", "safety"], 3),
        ("Directie Strategie & Innovatie", "Innovatieagenda politie 2030", ["public administration", "policy"], 3),
        ("Landelijk team Forensische Opsporing", "Adviesopdracht forensische werkprocessen", ["forensics", "data"], 3),
    ]
    assignments = [
        Assignment.objects.create(
            programme=programme,
            unit=ctx.units[unit],
            title=title,
            wanted_backgrounds=tags,
            wanted_levels=[Level.HBO, Level.WO],
            capacity=capacity,
            default_supervisor=supervisors[unit],
            description=f"Werkstudentopdracht bij {unit}: {title.lower()}.",
        )
        for unit, title, tags, capacity in assignment_rows
    ]
    for label, start, size, first_email in (
        ("Lichting februari", feb_start, 11, DEMO_LOGINS["student"]),
        ("Lichting september", sep_start, 10, None),
    ):
        cohort = Cohort.objects.create(programme=programme, name=f"{label} {start.year}", start_date=start)
        students = []
        for index in range(size):
            institution, study, tags = UNIVERSITIES[ctx.rng.randrange(len(UNIVERSITIES))]
            user = _user(
                ctx,
                email=first_email if index == 0 else None,
                name="Sanne Bakker" if (index == 0 and first_email) else None,
            )
            students.append(
                Student.objects.create(
                    user=user,
                    institution=institution,
                    study_programme=study,
                    level=Level.WO if ctx.rng.random() < 0.7 else Level.HBO,
                    expected_graduation=start + relativedelta(years=2),
                    backgrounds=tags,
                )
            )
        cohort.students.set(students)
        if first_email:
            ctx.users["student"] = students[0].user
        _run_pilot_rounds(ctx, cohort, students, assignments)
    activity = Activity.objects.create(
        programme=programme,
        title="Integrale Beroepsvaardigheden Training (IBT)",
        kind=Activity.Kind.TRAINING,
        date=today + timedelta(days=17),
        location="Trainingscentrum Ypenburg",
        description="Boeien en aanhouden: begrip voor het werk op straat.",
    )
    Attendance.objects.bulk_create(
        Attendance(activity=activity, student=student)
        for student in Student.objects.filter(cohorts__programme=programme)
    )


def _run_pilot_rounds(ctx, cohort, students, assignments) -> None:
    """Past and current rounds get placements; the next round is open for preferences."""
    rounds = _rounds(cohort, 4, 6)
    for index, rotation_round in enumerate(rounds):
        if rotation_round.start_date > ctx.today:
            rotation_round.state = RotationRound.State.PREFERENCES_OPEN
            rotation_round.preferences_deadline = max(
                ctx.today + timedelta(days=10), rotation_round.start_date - timedelta(days=30)
            )
            rotation_round.save()
            for student in students[: len(students) // 2]:
                picks = ctx.rng.sample(assignments, 3)
                Preference.objects.bulk_create(
                    Preference(student=student, rotation_round=rotation_round, assignment=a, rank=rank)
                    for rank, a in enumerate(picks, start=1)
                )
            break
        running = rotation_round.start_date <= ctx.today <= rotation_round.end_date
        rotation_round.state = RotationRound.State.RUNNING if running else RotationRound.State.CLOSED
        rotation_round.save()
        status = Placement.Status.ACTIVE if running else Placement.Status.COMPLETED
        for offset, student in enumerate(students):
            _place_somewhere(ctx, student, assignments, offset + index * 3, rotation_round, status)


def _place_somewhere(ctx, student, assignments, first, rotation_round, status) -> None:
    """Take the first assignment from `first` on that has room and is a unit the student has not had."""
    had = ctx.units_had.setdefault(student.pk, set())
    for step in range(len(assignments)):
        assignment = assignments[(first + step) % len(assignments)]
        if assignment.unit_id in had:
            continue
        try:
            services.placement_create(
                student=student,
                assignment=assignment,
                start_date=rotation_round.start_date,
                end_date=rotation_round.end_date,
                rotation_round=rotation_round,
                status=status,
            )
        except ValidationError:
            continue
        had.add(assignment.unit_id)
        return


def _nijmegen(ctx: DemoContext) -> None:
    today = ctx.today
    block_start = date(today.year, 9, 1) if today.month >= 9 else date(today.year - 1, 9, 1)
    programme = Programme.objects.create(
        name="Stages Toezicht & Handhaving Nijmegen",
        kind=Programme.Kind.BLOCK_INTERNSHIP,
        organisation=ctx.organisations["nijmegen"],
        description="Blokstages en projectstages voor ROC Nijmegen (niveau 3) en Helicon (niveau 4): de handhaver 2.0.",
        start_date=block_start,
        end_date=block_start + relativedelta(years=1) - timedelta(days=1),
        rotation_length=3,
        funding="Erkend leerbedrijf (SBB)",
    )
    project = Programme.objects.create(
        name="Projectstage Informatiegestuurd Handhaven",
        kind=Programme.Kind.PROJECT_INTERNSHIP,
        organisation=ctx.organisations["nijmegen"],
        description="Studenten van Helicon (in de lead) en ROC Nijmegen scannen de openbare ruimte met een app.",
        start_date=block_start,
        end_date=block_start + relativedelta(years=1) - timedelta(days=1),
        rotation_length=3,
    )
    ctx.programmes["nijmegen_block"] = programme
    ctx.programmes["nijmegen_project"] = project
    coordinator = _user(ctx, email=DEMO_LOGINS["enforcement_leader"], name="Lars Brinkman")
    ctx.users["enforcement_leader"] = coordinator
    for p in (programme, project):
        ProgrammeLeader.objects.create(programme=p, user=coordinator)
    supervisor = _supervisor(ctx, ["Toezicht & Handhaving"], "Integraal toezichthouder")
    supervisor.max_students = 40
    supervisor.save(update_fields=["max_students"])
    unit = ctx.units["Toezicht & Handhaving"]
    block = Assignment.objects.create(
        programme=programme,
        unit=unit,
        title="Blokstage handhaver toezicht en veiligheid",
        capacity=8,
        wanted_levels=[Level.MBO3],
        default_supervisor=supervisor,
        description="Drie maanden meelopen met boa's en handhavers in de wijk.",
    )
    group = Assignment.objects.create(
        programme=project,
        unit=unit,
        title="Parkeeroverlast bij basisschool / coronascan openbare ruimte",
        capacity=36,
        wanted_levels=[Level.MBO3, Level.MBO4],
        default_supervisor=supervisor,
        is_group=True,
        description="In groepjes data verzamelen met de app, gedrag analyseren en een aanpak presenteren.",
    )
    block_cohort = Cohort.objects.create(
        programme=programme, name=f"Blokstage {block_start.year}", start_date=block_start
    )
    project_cohort = Cohort.objects.create(
        programme=project, name=f"Projectgroep {block_start.year}", start_date=block_start
    )
    goals = [
        "Informatiegestuurd optreden toepassen",
        "Rapporteren volgens de werkinstructie",
        "Communiceren met burgers",
    ]
    block_students, project_students = [], []
    for index in range(36):
        helicon = index < 6
        student = Student.objects.create(
            user=_user(ctx),
            institution="Helicon MBO Nijmegen" if helicon else "ROC Nijmegen",
            study_programme="Stad en mens – Stad en wijk" if helicon else "Handhaver toezicht en veiligheid",
            level=Level.MBO4 if helicon else Level.MBO3,
            backgrounds=["enforcement"],
        )
        (project_students if index < 18 else block_students).append(student)
    project_cohort.students.set(project_students)
    block_cohort.students.set(block_students)
    period_start = today - timedelta(days=30)
    for student in project_students:
        services.placement_create(
            student=student,
            assignment=group,
            start_date=period_start,
            end_date=period_start + timedelta(days=60),
            status=Placement.Status.ACTIVE,
            learning_goals=goals[:2],
        )
    for student in block_students[:8]:
        services.placement_create(
            student=student,
            assignment=block,
            start_date=period_start + timedelta(days=61),
            end_date=period_start + timedelta(days=61) + relativedelta(months=3),
            learning_goals=goals,
        )
    Activity.objects.create(
        programme=project,
        title="Eindpresentaties projectstage",
        kind=Activity.Kind.FINAL_PRESENTATION,
        date=period_start + timedelta(days=58),
        location="Stadhuis Nijmegen",
    )


def _exchange(ctx: DemoContext) -> None:
    today = ctx.today
    programme = Programme.objects.create(
        name="Wisselstage! Rotterdam-Rijnmond",
        kind=Programme.Kind.EXCHANGE,
        organisation=ctx.organisations["veilig_thuis"],
        description="Professionals van 25 organisaties lopen een dag stage bij elkaar om van elkaar te leren.",
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=120),
        rotation_length=1,
        rotation_length_unit=Programme.LengthUnit.DAYS,
        funding="Actieprogramma huiselijk geweld",
    )
    ctx.programmes["exchange"] = programme
    ProgrammeLeader.objects.create(programme=programme, user=ctx.users["leader"])
    hosts = [
        ("Procesregie", "Meelopen met een procesregisseur: hoe wordt een zorgmelding gewogen?"),
        ("Sociaal Domein", "Een dag bij de portefeuillehouder Sociaal Domein"),
        ("Gebiedsgebonden Politiezorg", "Een dienst mee met de wijkagent"),
    ]
    assignments = []
    for unit_name, title in hosts:
        host = _supervisor(ctx, [unit_name], "Gastheer/gastvrouw Wisselstage")
        assignments.append(
            Assignment.objects.create(
                programme=programme,
                unit=ctx.units[unit_name],
                title=title,
                capacity=2,
                default_supervisor=host,
            )
        )
    cohort = Cohort.objects.create(programme=programme, name="Wisselstage najaar", start_date=programme.start_date)
    participants = []
    for org in (
        "Politie Eenheid Rotterdam",
        "Veilig Thuis Rotterdam-Rijnmond",
        "Gemeente Dordrecht",
        "Politie Eenheid Rotterdam",
    ):
        participants.append(Student.objects.create(user=_user(ctx), institution=org, study_programme="Professional"))
    cohort.students.set(participants)
    for index, student in enumerate(participants):
        day = today + timedelta(days=7 * (index - 1))
        services.placement_create(
            student=student,
            assignment=assignments[index % len(assignments)],
            start_date=day,
            end_date=day,
            status=Placement.Status.COMPLETED if day < today else Placement.Status.PLANNED,
        )


@transaction.atomic
def build(*, today: date, seed: int = 2021) -> DemoContext:
    """Create the whole demo. Call on an empty database (the command checks)."""
    ctx = DemoContext(today=today, rng=random.Random(seed))
    Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Stageportaal"})
    admin = _user(ctx, email=DEMO_LOGINS["admin"], name="Beheerder Portaal", is_staff=True, is_superuser=True)
    ctx.users["admin"] = admin
    _organisations(ctx)
    _pilot(ctx)
    _nijmegen(ctx)
    _exchange(ctx)
    return ctx
