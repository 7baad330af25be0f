"""The Den Haag work-student pilot (SAOP subsidy): two cohorts (February and September), 21 students who
rotate every six months over units of Eenheid Den Haag, Eenheid Rotterdam, Staf Korpsleiding and the
landelijk team Forensische Opsporing.

Every round goes the way a project leader runs it: preferences open, the students rank, the matching
proposes, the leader publishes. Past rounds are closed with their placements completed, the current
round runs, and the next round is open for preferences (half of the students have ranked).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from accounts.models import User
from organisations.models import Organisation
from placements.models import Activity, Assignment, Placement
from placements.services import activity_create, assignment_create, placement_set_status
from programmes.models import Cohort, Level, Programme, ProgrammeLeader, RotationRound, Student
from programmes.services import NewStudent, programme_school_add
from rounds.services import (
    offered_to_student,
    preferences_set,
    rotation_round_create,
    rotation_round_match,
    rotation_round_publish,
    rotation_round_set_state,
)

from ..logins import DEMO_LOGINS
from .context import DemoContext

UNIVERSITIES = [
    ("Universiteit Leiden", "Criminologie", ["law", "criminology"]),
    ("Erasmus Universiteit Rotterdam", "Bestuurskunde", ["public administration"]),
    ("TU Delft", "Computer Science", ["data", "it"]),
    ("Haagse Hogeschool", "Integrale Veiligheidskunde", ["safety", "policy"]),
    ("Universiteit Utrecht", "Psychologie", ["psychology"]),
    ("Vrije Universiteit Amsterdam", "Forensische wetenschappen", ["forensics", "data"]),
]
# unit, title, wanted backgrounds, capacity
ASSIGNMENTS = [
    ("DRIO", "Datagedreven criminaliteitsbeeld", ["data", "criminology"], 3),
    ("DRIO – Analyse en Onderzoek", "Analyse ondermijning in de haven", ["data", "law"], 3),
    ("District Haaglanden-Zuid", "Evaluatie wijkgericht werken", ["policy", "public administration"], 3),
    ("Bedrijfsvoering – HRM", "Diversiteit en instroom", ["psychology", "policy"], 3),
    ("Dienst Regionale Recherche", "Digitale sporen in onderzoeken", ["it", "forensics"], 3),
    ("Gebiedsgebonden Politiezorg", "Samenwerking met Veilig Thuis", ["psychology", "safety"], 3),
    ("Directie Strategie & Innovatie", "Innovatieagenda politie 2030", ["public administration", "policy"], 3),
    ("Landelijk team Forensische Opsporing", "Adviesopdracht forensische werkprocessen", ["forensics", "data"], 3),
]
# unit -> job title of its supervisor (the DRIO units share the demo supervisor)
SUPERVISORS = {
    "District Haaglanden-Zuid": "Districtschef",
    "Bedrijfsvoering – HRM": "HR-adviseur",
    "Dienst Regionale Recherche": "Tactisch rechercheur",
    "Gebiedsgebonden Politiezorg": "Senior GGP",
    "Directie Strategie & Innovatie": "Strategisch adviseur",
    "Landelijk team Forensische Opsporing": "Forensisch specialist",
}
ROUNDS = 4
ROUND_MONTHS = 6
RANKED = 3  # assignments each student ranks


def latest(month: int, day: int, before: date) -> date:
    candidate = date(before.year, month, day)
    return candidate if candidate <= before else date(before.year - 1, month, day)


def build(ctx: DemoContext) -> None:
    today = ctx.today
    feb_start = latest(2, 1, today - relativedelta(months=6))
    sep_start = latest(9, 1, today)
    programme = Programme.objects.create(
        name="Pilot Werkstudenten Den Haag",
        kind=Programme.Kind.WORK_STUDENT,
        organisation=ctx.organisations["den_haag"],
        description="Academische werkstudenten brengen andere denkwijzen, diversiteit en actuele kennis in de eenheid.",
        start_date=min(feb_start, sep_start),
        end_date=max(feb_start, sep_start) + relativedelta(months=24) - timedelta(days=1),
        rotation_length=ROUND_MONTHS,
        funding="SAOP-subsidie",
    )
    ctx.programmes["pilot"] = programme
    leader = ctx.person(email=DEMO_LOGINS["leader"], name="Janneke Verbeek")
    ctx.users["leader"] = leader
    ProgrammeLeader.objects.create(programme=programme, user=leader)

    demo_supervisor = ctx.supervisor(
        [ctx.units["DRIO"], ctx.units["DRIO – Analyse en Onderzoek"]],
        "Teamleider analyse",
        max_students=6,
        email=DEMO_LOGINS["supervisor"],
        name="Marco van Rijn",
    )
    User.objects.filter(pk=demo_supervisor.user_id).update(phone="06-12345678")
    ctx.users["supervisor"] = demo_supervisor.user
    supervisors = {"DRIO": demo_supervisor, "DRIO – Analyse en Onderzoek": demo_supervisor}
    for unit, job_title in SUPERVISORS.items():
        supervisors[unit] = ctx.supervisor([ctx.units[unit]], job_title)
    assignments = []
    for unit, title, tags, capacity in ASSIGNMENTS:
        assignment = assignment_create(
            programme=programme,
            unit=ctx.units[unit],
            title=title,
            description=f"Werkstudentopdracht bij {unit}: {title.lower()}.",
            capacity=capacity,
            default_supervisor=supervisors[unit],
            wanted_backgrounds=tags,  # what the matching weighs
            wanted_levels=[Level.HBO, Level.WO],
            actor=leader,
        )
        assignments.append(assignment)

    schools = {}
    for school_name, _study, _tags in UNIVERSITIES:
        schools[school_name] = Organisation.objects.create(name=school_name, kind=Organisation.Kind.SCHOOL)
        programme_school_add(programme=programme, school=schools[school_name], actor=leader)
    for label, start, size, first_email in (
        ("Lichting februari", feb_start, 11, DEMO_LOGINS["student"]),
        ("Lichting september", sep_start, 10, None),
    ):
        cohort = Cohort.objects.create(programme=programme, name=f"{label} {start.year}", start_date=start)
        new, backgrounds = [], []
        for index in range(size):
            institution, study, tags = UNIVERSITIES[ctx.rng.randrange(len(UNIVERSITIES))]
            name, email = ctx.identity(
                email=first_email if index == 0 else None,
                name="Sanne Bakker" if (index == 0 and first_email) else None,
            )
            new.append(
                NewStudent(
                    name=name,
                    email=email,
                    cohort=cohort,
                    school=schools[institution],
                    study_programme=study,
                    level=Level.WO if ctx.rng.random() < 0.7 else Level.HBO,
                    expected_graduation=start + relativedelta(years=2),
                )
            )
            backgrounds.append(tags)
        students = ctx.students(new, backgrounds)
        if first_email:
            ctx.users["student"] = students[0].user
        run_rounds(ctx, cohort, students, assignments, leader)
    activity_create(
        programme=programme,
        title="Integrale Beroepsvaardigheden Training (IBT)",
        kind=Activity.Kind.TRAINING,
        date=today + timedelta(days=17),
        location="Trainingscentrum Ypenburg",
        description="Boeien en aanhouden: begrip voor het werk op straat.",
        actor=leader,
    )


def run_rounds(
    ctx: DemoContext, cohort: Cohort, students: list[Student], assignments: list[Assignment], leader
) -> None:
    """Past rounds closed, the current one running, the next one open for preferences; later ones drafts."""
    starts = [cohort.start_date + relativedelta(months=ROUND_MONTHS * index) for index in range(ROUNDS)]
    next_round = next((index for index, start in enumerate(starts) if start > ctx.today), None)
    rounds = []
    for index, start in enumerate(starts):
        deadline = None
        if index == next_round:  # ten days from now at the earliest, the day before the start at the latest
            deadline = min(max(ctx.today + timedelta(days=10), start - timedelta(days=30)), start - timedelta(days=1))
        rounds.append(
            rotation_round_create(
                cohort=cohort,
                name=f"Ronde {index + 1}",
                start_date=start,
                end_date=start + relativedelta(months=ROUND_MONTHS) - timedelta(days=1),
                preferences_deadline=deadline,
                actor=leader,
            )
        )
    had: dict[int, set[int]] = {}  # student id -> the units they were placed at
    for index, rotation_round in enumerate(rounds):
        rotation_round_set_state(
            rotation_round=rotation_round, state=RotationRound.State.PREFERENCES_OPEN, actor=leader
        )
        if index == next_round:
            for student in students[: len(students) // 2]:
                # What the student's preference page offers: no unit they have done (the rotation rule).
                picks = ctx.rng.sample(offered_to_student(rotation_round, student), RANKED)
                preferences_set(
                    student=student,
                    rotation_round=rotation_round,
                    assignment_ids=[assignment.pk for assignment in picks],
                    actor=student.user,
                )
            break
        for offset, student in enumerate(students):
            preferences_set(
                student=student,
                rotation_round=rotation_round,
                assignment_ids=ranking(assignments, had.get(student.pk, set()), offset + index * RANKED),
                actor=student.user,
            )
        rotation_round_match(rotation_round=rotation_round, actor=leader)
        placements = rotation_round_publish(rotation_round=rotation_round, actor=leader)
        rotation_round_set_state(rotation_round=rotation_round, state=RotationRound.State.RUNNING, actor=leader)
        running = rotation_round.end_date >= ctx.today
        for placement in placements:
            status = Placement.Status.ACTIVE if running else Placement.Status.COMPLETED
            placement_set_status(placement=placement, status=status, actor=leader)
            had.setdefault(placement.student_id, set()).add(placement.assignment.unit_id)
        if not running:
            rotation_round_set_state(rotation_round=rotation_round, state=RotationRound.State.CLOSED, actor=leader)


def ranking(assignments: list[Assignment], had: set[int], first: int) -> list[int]:
    """The student's choices: from the `first` assignment on, in turn, at units they have not had yet."""
    ordered = [assignments[(first + step) % len(assignments)] for step in range(len(assignments))]
    return [assignment.pk for assignment in ordered if assignment.unit_id not in had][:RANKED]
