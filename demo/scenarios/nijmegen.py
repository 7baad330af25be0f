"""The Nijmegen enforcement internships: ROC Nijmegen level 3 and Helicon level 4 students in block
internships and a group project internship, with learning goals (each programme's scale and standard
goals, copied onto the placements) and final presentations: the project's groups, each led by a Helicon
student, with their presentation slots, and the block internships' praktijkovereenkomsten (one agreed by
all three parties). Both schools take part in both programmes, each with a school supervisor following
its students; an SBB adviser advises the training company."""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from agreements.models import Party
from agreements.services import agreement_accept, agreement_generate
from documents.models import DocumentRequirement
from placements.models import Activity, Placement
from placements.services import (
    activity_create,
    assignment_create,
    learning_goals_copy,
    placement_create,
    placement_group_create,
    placement_set_status,
    project_group_schedule_presentation,
)
from programmes.goal_scales import GoalScale
from programmes.models import Cohort, Level, Programme, ProgrammeLeader
from programmes.services import (
    NewStudent,
    programme_goal_create,
    programme_goal_scale_set,
    programme_school_add,
    sbb_adviser_grant,
    school_supervisor_grant,
)

from ..logins import DEMO_LOGINS
from .context import DemoContext

GOALS = [
    "Informatiegestuurd optreden toepassen",
    "Rapporteren volgens de werkinstructie",
    "Communiceren met burgers",
]
STUDENTS = 36  # the first 6 from Helicon, the first 18 in the project group
HELICON = 6
PROJECT_GROUP = 18
BLOCK_PLACES = 8
GROUP_NAMES = ["Binnenstad", "Dukenburg", "Lindenholt", "Nijmegen-Oost", "Waalsprong", "Hatert"]


def build(ctx: DemoContext) -> None:
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
        students_see_supervisor_evaluation=True,  # the goals' levels side by side on the student's page too
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
    coordinator = ctx.person(email=DEMO_LOGINS["enforcement_leader"], name="Lars Brinkman")
    ctx.users["enforcement_leader"] = coordinator
    for each in (programme, project):
        ProgrammeLeader.objects.create(programme=each, user=coordinator)
    # MBO internships assess goals as onvoldoende / voldoende / goed, the project on 1 to 5.
    programme_goal_scale_set(programme=programme, scale=GoalScale.SUFFICIENT, actor=coordinator)
    programme_goal_scale_set(programme=project, scale=GoalScale.FIVE_POINT, actor=coordinator)
    standard = {
        each: [programme_goal_create(programme=each, description=goal, actor=coordinator) for goal in GOALS]
        for each in (programme, project)
    }
    unit = ctx.units["Toezicht & Handhaving"]
    supervisor = ctx.supervisor([unit], "Integraal toezichthouder", max_students=40)
    block = assignment_create(
        programme=programme,
        unit=unit,
        title="Blokstage handhaver toezicht en veiligheid",
        description="Drie maanden meelopen met boa's en handhavers in de wijk.",
        capacity=BLOCK_PLACES,
        default_supervisor=supervisor,
        wanted_levels=[Level.MBO3],
        actor=coordinator,
    )
    group = assignment_create(
        programme=project,
        unit=unit,
        title="Parkeeroverlast bij basisschool / coronascan openbare ruimte",
        description="In groepjes data verzamelen met de app, gedrag analyseren en een aanpak presenteren.",
        capacity=STUDENTS,
        default_supervisor=supervisor,
        wanted_levels=[Level.MBO3, Level.MBO4],
        is_group=True,
        actor=coordinator,
    )
    block_cohort = Cohort.objects.create(
        programme=programme, name=f"Blokstage {block_start.year}", start_date=block_start
    )
    project_cohort = Cohort.objects.create(
        programme=project, name=f"Projectgroep {block_start.year}", start_date=block_start
    )
    school_supervisors = schools_with_supervisors(ctx, (programme, project), coordinator)
    adviser = ctx.person(email=DEMO_LOGINS["sbb_adviser"], name="Joost Kramer")
    ctx.users["sbb_adviser"] = adviser
    sbb_adviser_grant(user=adviser, programmes=[programme, project], actor=ctx.users["admin"])
    new = []
    for index in range(STUDENTS):
        helicon = index < HELICON
        name, email = ctx.identity()
        new.append(
            NewStudent(
                name=name,
                email=email,
                cohort=project_cohort if index < PROJECT_GROUP else block_cohort,
                school=ctx.organisations["helicon" if helicon else "roc"],
                school_supervisor=school_supervisors["helicon" if helicon else "roc"],
                study_programme="Stad en mens – Stad en wijk" if helicon else "Handhaver toezicht en veiligheid",
                level=Level.MBO4 if helicon else Level.MBO3,
            )
        )
    students = ctx.students(new, [["enforcement"]] * STUDENTS)
    project_students, block_students = students[:PROJECT_GROUP], students[PROJECT_GROUP:]
    period_start = today - timedelta(days=30)
    presentations = period_start + timedelta(days=58)
    _project_groups(ctx, group, project_students, period_start, presentations, standard[project][:2], coordinator)
    block_start_date = period_start + timedelta(days=61)
    block_placements = []
    for student in block_students[:BLOCK_PLACES]:
        placement = placement_create(
            student=student,
            assignment=block,
            start_date=block_start_date,
            end_date=block_start_date + relativedelta(months=3),
            actor=coordinator,
        )
        learning_goals_copy(placement=placement, goals=standard[programme], actor=coordinator)
        block_placements.append(placement)
    _agreements(programme, block_placements, supervisor, coordinator)
    activity_create(
        programme=project,
        title="Eindpresentaties projectstage",
        kind=Activity.Kind.FINAL_PRESENTATION,
        date=presentations,
        location="Stadhuis Nijmegen",
        actor=coordinator,
    )


def _project_groups(ctx, assignment, students, start, presentations, goals, coordinator) -> None:
    """Seed 001: Helicon students in the lead of groups of ROC students. Each Helicon student leads a group
    with an equal share of the ROC students, placed together and presenting at the town hall in turn."""
    helicon, roc = students[:HELICON], students[HELICON:]
    share = len(roc) // len(helicon)
    for number, lead in enumerate(helicon):
        members = [lead, *roc[number * share : (number + 1) * share]]
        placements = placement_group_create(
            students=members,
            assignment=assignment,
            start_date=start,
            end_date=start + timedelta(days=60),
            group_name=f"Projectgroep {GROUP_NAMES[number % len(GROUP_NAMES)]}",
            lead=lead,
            actor=coordinator,
        )
        for placement in placements:
            placement_set_status(placement=placement, status=Placement.Status.ACTIVE, actor=coordinator)
            learning_goals_copy(placement=placement, goals=goals, actor=coordinator)
        starts_at = datetime.combine(presentations, time(9)) + timedelta(minutes=30 * number)
        project_group_schedule_presentation(
            group=placements[0].project_group_membership.group,
            date=presentations,
            start_time=starts_at.time(),
            end_time=(starts_at + timedelta(minutes=25)).time(),
            location="Stadhuis Nijmegen, zaal 2",
            actor=coordinator,
        )


def _agreements(programme, placements, supervisor, coordinator) -> None:
    """The block internships need a praktijkovereenkomst agreed in the portal: the first is agreed by all
    three parties (so it may start), the second by the student so far, the rest are drawn up only."""
    DocumentRequirement.objects.create(
        programme=programme,
        kind=DocumentRequirement.Kind.AGREEMENT,
        name="Praktijkovereenkomst (BPV)",
        agreed_in_portal=True,
    )
    signers = [
        (Party.STUDENT, None),
        (Party.TRAINING_COMPANY, supervisor.user),
        (Party.SCHOOL, coordinator),
    ]
    for index, placement in enumerate(placements):
        agreement = agreement_generate(placement=placement, actor=coordinator)
        for party, person in signers[: 3 if index == 0 else 1 if index == 1 else 0]:
            user = person or placement.student.user
            agreement_accept(agreement=agreement, party=party, version=agreement.version, user=user)


def schools_with_supervisors(ctx: DemoContext, programmes, coordinator) -> dict:
    """ROC Nijmegen and Helicon take part in the programmes, each with its docent-stagebegeleider."""
    supervisors = {}
    for key, login, name in (
        ("roc", "school_supervisor", "Ingrid Hermsen"),
        ("helicon", "school_supervisor_helicon", "Peter Gerritsen"),
    ):
        school = ctx.organisations[key]
        for programme in programmes:
            programme_school_add(programme=programme, school=school, actor=coordinator)
        person = ctx.person(email=DEMO_LOGINS[login], name=name)
        ctx.users[login] = person
        supervisors[key] = school_supervisor_grant(user=person, school=school, actor=ctx.users["admin"])
    return supervisors
