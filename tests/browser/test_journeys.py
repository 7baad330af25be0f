"""The journeys of the three roles, in a real browser (Chromium through Playwright) against live_server.

Each step is a small function, so a journey reads as a story and later steps slot in:
- the student ranks preferences for an open round: `student_ranks_preferences` after
  `student_sees_the_assignment`;
- the student and the supervisor each fill in a mid-term and a final evaluation.

The people of the fixture read the portal in English (User.language), which login applies.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from programmes.models import Programme
from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    CohortFactory,
    ProgrammeFactory,
    ProgrammeLeaderFactory,
    ProgrammeSchoolFactory,
    SupervisorFactory,
    UnitFactory,
)

pytestmark = [pytest.mark.browser]

NEW_PASSWORD = "Zomer-in-Den-Haag-2026"


@pytest.fixture
def programme_setup(transactional_db):
    """A programme with its leader, a cohort without students yet, and an assignment with a supervisor.

    The journeys run on the real, ticking clock (or the session's shifted one), so every date of theirs, the
    programme's included, is counted from today rather than fixed.
    """
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Blokstage Den Haag",
        kind=Programme.Kind.BLOCK_INTERNSHIP,
        start_date=today - timedelta(days=300),
        end_date=today + timedelta(days=430),
    )
    leader = ProgrammeLeaderFactory(programme=programme, user__name="Lotte Leider", user__language="en").user
    supervisor = SupervisorFactory(user__name="Sven Begeleider", user__language="en")
    cohort = CohortFactory(programme=programme, name="Lichting 2026", start_date=programme.start_date)
    assignment = AssignmentFactory(programme=programme, title="Analyse woninginbraken", default_supervisor=supervisor)
    supervisor.units.add(assignment.unit)
    school = ProgrammeSchoolFactory(programme=programme, school__name="Haagse Hogeschool").school
    return {"leader": leader, "supervisor": supervisor, "cohort": cohort, "assignment": assignment, "school": school}


def assert_accessible(session):
    violations = session.axe_violations()
    assert violations == [], violations


def leader_logs_in(session, leader):
    page = session.log_in(leader.email, PASSWORD)
    page.get_by_role("heading", level=1).wait_for()
    assert "/leader/" in page.url
    assert session.fits_its_width()  # the leader's navigation fits a 1280 px window
    session.shot("dashboard")
    assert_accessible(session)


def leader_invites_a_student(session, cohort) -> None:
    session.go("/")
    page = session.menu("Placements", "Invite")
    page.get_by_label("Name").fill("Noor de Vries")
    page.get_by_label("E-mail address").fill("noor@example.nl")
    page.get_by_label("Student").check()
    page.get_by_label("Cohort").select_option(str(cohort.pk))
    page.get_by_label("School").select_option(label="Haagse Hogeschool")  # the programme's schools only
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Noor de Vries is invited").wait_for()
    session.shot("invited")
    assert_accessible(session)


def leader_places_the_student(session, assignment):
    from programmes.models import Student

    student = Student.objects.get(user__email="noor@example.nl")
    today = timezone.localdate()
    session.go("/")
    page = session.menu("Placements", "New placement")
    page.get_by_label("Student").select_option(str(student.pk))
    page.get_by_label("Assignment").select_option(str(assignment.pk))
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=180)).isoformat())
    page.get_by_label("Learning goals").fill("Zelfstandig een analyse opzetten")
    session.shot("placement-form")
    page.get_by_role("button", name="Place student").click()
    page.get_by_text("is placed on").wait_for()
    session.shot("placed")


def leader_plans_an_activity(session, cohort):
    session.go("/")
    page = session.menu("Placements", "Activities")
    page.get_by_text("No activities yet.").wait_for()
    page.get_by_role("link", name="New activity").click()
    page.get_by_label("Cohort").select_option(str(cohort.pk))
    page.get_by_label("Title").fill("IBT dag 1")
    page.get_by_label("Date").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End time").fill("16:30")
    page.get_by_label("Place").fill("Politieacademie Ypenburg")
    page.get_by_role("button", name="Plan activity").click()
    page.get_by_text("is planned for 1 student.").wait_for()
    session.shot("activity")
    assert_accessible(session)


def student_sets_a_password_from_the_invitation(session):
    (message,) = [m for m in mail.outbox if m.to == ["noor@example.nl"]]
    link = next(line for line in message.body.splitlines() if "/password/reset/key/" in line)
    page = session.go("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    session.shot("set-password")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    session.shot("password-set")


def student_sees_the_assignment(session, assignment):
    page = session.log_in("noor@example.nl", NEW_PASSWORD)
    page.get_by_role("heading", name="My assignment").wait_for()
    assert page.get_by_text(assignment.title).first.is_visible()
    assert page.get_by_text("Sven Begeleider").first.is_visible()
    assert page.get_by_text("Politieacademie Ypenburg").first.is_visible()  # the activity and its place
    session.shot("assignment")
    assert_accessible(session)


def an_open_round(programme_setup):
    """A round of the cohort with preferences open and three more assignments on offer."""
    from programmes.models import RotationRound
    from tests.factories import RotationRoundFactory

    for title in ("Wijkteam Centrum", "Cybercrime desk", "Verkeershandhaving"):
        AssignmentFactory(
            programme=programme_setup["assignment"].programme,
            title=title,
            default_supervisor=programme_setup["supervisor"],
        )
    today = timezone.localdate()
    return RotationRoundFactory(
        cohort=programme_setup["cohort"],
        name="Rotatie 2",
        start_date=today + timedelta(days=200),
        end_date=today + timedelta(days=380),
        preferences_deadline=today + timedelta(days=30),
        state=RotationRound.State.PREFERENCES_OPEN,
    )


def student_ranks_preferences(session, rotation_round):
    from rounds.models import Preference

    page = session.go("/student/")
    page.get_by_role("link", name="Rank assignments").click()
    page.get_by_role("heading", name="My preferences").wait_for()
    choices = ["Cybercrime desk", "Wijkteam Centrum", "Verkeershandhaving"]
    for rank, title in enumerate(choices, start=1):
        select = page.get_by_label(f"Choice {rank}", exact=True)
        value = select.locator("option", has_text=title).get_attribute("value")
        select.select_option(value)
    session.shot("preferences-form")
    page.get_by_role("button", name="Save my ranking").click()
    page.get_by_text("Your ranking is saved").wait_for()
    saved = page.get_by_role("region", name="Your saved ranking").get_by_role("listitem")
    assert [text.split(" (")[0] for text in saved.all_inner_texts()] == choices
    session.shot("preferences-saved")
    assert_accessible(session)
    ranked = Preference.objects.filter(rotation_round=rotation_round).order_by("rank")
    assert [p.assignment.title for p in ranked] == choices


def test_leader_invites_and_places_a_student_who_then_sees_the_assignment(open_session, programme_setup):
    leader = open_session("leader")
    leader_logs_in(leader, programme_setup["leader"])
    leader_invites_a_student(leader, programme_setup["cohort"])
    leader_places_the_student(leader, programme_setup["assignment"])
    leader_plans_an_activity(leader, programme_setup["cohort"])

    student = open_session("student")
    student_sets_a_password_from_the_invitation(student)
    rotation_round = an_open_round(programme_setup)
    student_sees_the_assignment(student, programme_setup["assignment"])
    student_ranks_preferences(student, rotation_round)
    student_fills_the_mid_term_and_final_evaluation(student, programme_setup)


def moments_with_requests(programme, placement, audience, leader):
    """The programme asks `audience` at mid-term and at the end; the leader sends both requests now (the
    placement's mid-term lies too far back for the daily job to catch up on it)."""
    from evaluations.services import evaluation_requests_create
    from tests.evaluations.conftest import ask_at, final_moment, make_questionnaire, midterm_moment

    questionnaire = make_questionnaire(audience, programme=programme)
    ask_at(midterm_moment(programme), questionnaire)
    for moment in (midterm_moment(programme), final_moment(programme)):
        evaluation_requests_create(placements=[placement], moment=moment, audiences=[audience], actor=leader)


def supervisor_fills_the_evaluation(session, student_name, moment, *, rating="4", last=False):
    page = session.go("/")
    section = page.locator("section", has=page.get_by_role("heading", name="Evaluations to fill in"))
    section.get_by_role("link", name=f"Fill in – {student_name} ({moment})").click()
    page.get_by_role("heading", name=f"{moment}:").wait_for()
    assert_accessible(session)
    page.get_by_role("button", name="Submit").click()  # nothing answered: the form says what is missing
    page.get_by_text("Please answer: Ik heb veel geleerd.").wait_for()
    page.get_by_role("group", name="Ik heb veel geleerd.").get_by_label(rating).check()
    page.get_by_role("group", name="Zou je het aanraden?").get_by_label("Ja").check()
    goal = page.get_by_role("region", name="Learning goals").get_by_role(
        "group", name="Zelfstandig een analyse opzetten"
    )
    goal.get_by_label("Good", exact=True).check()  # the programme's scale: insufficient, sufficient, good
    page.get_by_label("Toelichting (optional)").fill("Sterke analyses, goed samengewerkt.")
    session.shot(f"evaluation-form-{moment}")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Thank you, your evaluation was submitted.").wait_for()
    session.shot(f"evaluation-submitted-{moment}")
    if last:
        page = session.go("/supervisor/")
        page.get_by_text("Nothing to fill in.").wait_for()


def student_assesses_their_goals_and_sees_both_levels(session, student):
    """The student evaluates the placement at its end, assessing the goal themselves, then sees the
    supervisor's level and their own side by side at the final moment."""
    page = session.log_in(student.user.email, PASSWORD)
    section = page.locator("section", has=page.get_by_role("heading", name="Evaluations to fill in"))
    section.get_by_role("link", name="Fill in – Noor de Vries (Eindevaluatie)").click()
    page.get_by_role("button", name="Submit").wait_for()
    page.get_by_role("group", name="Ik heb veel geleerd.").get_by_label("5").check()
    page.get_by_role("group", name="Zou je het aanraden?").get_by_label("Ja").check()
    page.get_by_role("button", name="Submit").click()  # the goal left open: the form says so
    page.get_by_text("Please choose a level for every learning goal.").wait_for()
    goals = page.get_by_role("region", name="Learning goals")
    goals.get_by_role("group", name="Zelfstandig een analyse opzetten").get_by_label("Sufficient", exact=True).check()
    session.shot("self-assessment")
    assert_accessible(session)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Thank you, your evaluation was submitted.").wait_for()
    page = session.go("/student/")
    row = page.get_by_role("row", name="Zelfstandig een analyse opzetten")
    # Mid-term: the supervisor's level, the student has not answered yet; final: both side by side.
    assert row.get_by_role("cell").all_inner_texts() == ["Good", "–", "Good", "Sufficient"]
    session.shot("goals-side-by-side")
    assert_accessible(session)


def test_supervisor_sees_the_new_student_and_fills_the_mid_term_and_final_evaluation(open_session, programme_setup):
    from evaluations.models import Audience, EvaluationRequest
    from placements.services import placement_create
    from tests.factories import StudentFactory

    student = StudentFactory(user__name="Noor de Vries", user__language="en")
    programme_setup["cohort"].students.add(student)
    today = timezone.localdate()
    placement = placement_create(
        student=student,
        assignment=programme_setup["assignment"],
        supervisor=programme_setup["supervisor"],
        start_date=today - timedelta(days=180),
        end_date=today - timedelta(days=1),
        learning_goals=["Zelfstandig een analyse opzetten"],
        actor=programme_setup["leader"],
    )
    programme = programme_setup["assignment"].programme
    Programme.objects.filter(pk=programme.pk).update(students_see_supervisor_evaluation=True)
    moments_with_requests(programme, placement, Audience.SUPERVISOR, programme_setup["leader"])
    moments_with_requests(programme, placement, Audience.STUDENT, programme_setup["leader"])

    session = open_session("supervisor")
    page = session.log_in(programme_setup["supervisor"].user.email, PASSWORD)
    page.get_by_role("heading", name="My students").wait_for()
    assert page.get_by_text("Noor de Vries").first.is_visible()
    assert page.get_by_text("Zelfstandig een analyse opzetten").first.is_visible()
    session.shot("students")
    assert_accessible(session)
    supervisor_fills_the_evaluation(session, "Noor de Vries", "Tussenevaluatie", rating="3")
    supervisor_fills_the_evaluation(session, "Noor de Vries", "Eindevaluatie", rating="5", last=True)
    submitted = EvaluationRequest.objects.filter(placement=placement, state="submitted")
    assert sorted(submitted.values_list("moment__name", flat=True)) == ["Eindevaluatie", "Tussenevaluatie"]
    student_assesses_their_goals_and_sees_both_levels(open_session("student"), student)


def student_fills_the_mid_term_and_final_evaluation(session, programme_setup):
    """An earlier placement of the student has ended: she evaluates it at mid-term and at the end."""
    from evaluations.models import Audience, EvaluationRequest
    from placements.services import placement_create
    from programmes.models import Student

    today = timezone.localdate()
    current = programme_setup["assignment"]  # she returns to no unit: the earlier one was another team
    earlier = AssignmentFactory(
        programme=current.programme, unit=UnitFactory(organisation=current.unit.organisation), title="Verhoorteam"
    )
    programme_setup["supervisor"].units.add(earlier.unit)
    placement = placement_create(
        student=Student.objects.get(user__email="noor@example.nl"),
        assignment=earlier,
        supervisor=programme_setup["supervisor"],
        start_date=today - timedelta(days=250),
        end_date=today - timedelta(days=70),
        learning_goals=["Een verhoor voorbereiden"],
        actor=programme_setup["leader"],
    )
    programme = programme_setup["assignment"].programme
    moments_with_requests(programme, placement, Audience.STUDENT, programme_setup["leader"])
    for moment, rating, level in (("Tussenevaluatie", "3", "Insufficient"), ("Eindevaluatie", "5", "Good")):
        page = session.go("/evaluations/")
        page.get_by_role("link", name=f"Fill in – {moment}").click()
        page.get_by_role("heading", name=f"{moment}:").wait_for()
        page.get_by_role("group", name="Ik heb veel geleerd.").get_by_label(rating).check()
        page.get_by_role("group", name="Zou je het aanraden?").get_by_label("Ja").check()
        goals = page.get_by_role("region", name="Learning goals")
        goals.get_by_role("group", name="Een verhoor voorbereiden").get_by_label(level, exact=True).check()
        session.shot(f"student-evaluation-{moment}")
        page.get_by_role("button", name="Submit").click()
        page.get_by_text("Thank you, your evaluation was submitted.").wait_for()
    assert_accessible(session)
    submitted = EvaluationRequest.objects.filter(placement=placement, state="submitted")
    assert sorted(submitted.values_list("moment__name", flat=True)) == ["Eindevaluatie", "Tussenevaluatie"]
    page = session.go("/student/")  # the earlier placement's goals: her own level at mid-term and at the end
    row = page.get_by_role("row", name="Een verhoor voorbereiden")
    assert row.get_by_role("cell").all_inner_texts() == ["–", "Insufficient", "–", "Good"]


def test_school_supervisor_follows_their_student_and_fills_the_schools_evaluation(open_session, programme_setup):
    """The docent-stagebegeleider signs in, finds their student with the current placement and its learning
    goal, opens the placement, then fills in the school's evaluation of it."""
    from evaluations.models import Audience, EvaluationRequest
    from evaluations.services import evaluation_requests_create
    from placements.services import placement_create
    from tests.evaluations.conftest import final_moment, make_questionnaire
    from tests.factories import SchoolSupervisorFactory, StudentFactory

    school_supervisor = SchoolSupervisorFactory(
        school=programme_setup["school"], user__name="Ilse Docent", user__language="en"
    )
    student = StudentFactory(
        user__name="Noor de Vries", school=programme_setup["school"], school_supervisor=school_supervisor
    )
    programme_setup["cohort"].students.add(student)
    today = timezone.localdate()
    placement = placement_create(
        student=student,
        assignment=programme_setup["assignment"],
        supervisor=programme_setup["supervisor"],
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=60),
        learning_goals=["Zelfstandig een analyse opzetten"],
        actor=programme_setup["leader"],
    )
    programme = programme_setup["assignment"].programme
    make_questionnaire(Audience.SCHOOL_SUPERVISOR, programme=programme)
    evaluation_requests_create(
        placements=[placement],
        moment=final_moment(programme),
        audiences=[Audience.SCHOOL_SUPERVISOR],
        actor=programme_setup["leader"],
    )

    session = open_session("school-supervisor")
    page = session.log_in(school_supervisor.user.email, PASSWORD)
    page.get_by_role("heading", name="Our students").wait_for()
    row = page.get_by_role("row", name="Noor de Vries")
    assert row.get_by_text("Zelfstandig een analyse opzetten").is_visible()
    assert row.get_by_text("Eindevaluatie (School supervisor)").is_visible()
    session.shot("students")
    assert_accessible(session)
    row.get_by_role("link", name="Analyse woninginbraken").click()
    page.get_by_role("heading", name="Analyse woninginbraken", level=1).wait_for()
    assert page.get_by_text("Zelfstandig een analyse opzetten").first.is_visible()
    session.shot("placement")
    assert_accessible(session)

    page = session.go("/")
    section = page.locator("section", has=page.get_by_role("heading", name="Evaluations to fill in"))
    section.get_by_role("link", name="Fill in – Noor de Vries (Eindevaluatie)").click()
    page.get_by_role("heading", name="Eindevaluatie:").wait_for()
    assert page.get_by_role("region", name="Learning goals").count() == 0  # the goals' levels are not the school's
    page.get_by_role("group", name="Ik heb veel geleerd.").get_by_label("4").check()
    page.get_by_role("group", name="Zou je het aanraden?").get_by_label("Ja").check()
    page.get_by_label("Toelichting (optional)").fill("Goede voortgang, bezoek niet nodig.")
    session.shot("evaluation-form")
    assert_accessible(session)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Thank you, your evaluation was submitted.").wait_for()
    request = EvaluationRequest.objects.get(placement=placement, audience=Audience.SCHOOL_SUPERVISOR)
    assert request.state == EvaluationRequest.State.SUBMITTED and request.respondent == school_supervisor.user
    page = session.go("/school/")
    page.get_by_text("Nothing to fill in.").wait_for()


def leader_creates_a_programme(session, start):
    page = session.menu("Placements", "Set up a programme")
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Name").fill("Pilot Werkstudenten Rotterdam")
    page.get_by_label("Kind").select_option(label="Work-student pilot")
    page.get_by_label("Organisation").select_option(label="Eenheid Rotterdam")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("End date").fill((start + timedelta(days=730)).isoformat())
    page.get_by_label("Funding").fill("SAOP-subsidie")
    session.shot("setup-programme-form")
    assert_accessible(session)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Programme Pilot Werkstudenten Rotterdam is created; you lead it.").wait_for()
    page.get_by_role("heading", name="Pilot Werkstudenten Rotterdam", level=1).wait_for()


def leader_adds_a_cohort_and_units(session, start):
    page = session.page
    page.get_by_role("link", name="New cohort").click()
    page.get_by_label("Name").fill("Lichting februari")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Cohort Lichting februari is created.").wait_for()
    for name, parent in (("District Noord", None), ("Basisteam Noord", "Eenheid Rotterdam – District Noord")):
        page.get_by_role("link", name="New unit").click()
        page.get_by_label("Name").fill(name)
        if parent:
            page.get_by_label("Parent unit").select_option(label=parent)
        page.get_by_role("button", name="Save").click()
        page.get_by_text(f"Unit {name} is created.").wait_for()


def leader_adds_an_assignment(session):
    page = session.page
    page.get_by_role("link", name="New assignment").click()
    page.get_by_label("Unit").select_option(label="Eenheid Rotterdam – Basisteam Noord")
    page.get_by_label("Title").fill("Analyse jeugdoverlast")
    page.get_by_label("Capacity per round").fill("2")
    page.get_by_label("Wanted backgrounds").fill("data, criminologie")
    page.get_by_label("HBO", exact=True).check()
    page.get_by_label("WO (university)").check()
    session.shot("setup-assignment-form")
    assert_accessible(session)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Assignment Analyse jeugdoverlast is created.").wait_for()


def leader_proposes_and_edits_the_rounds(session):
    page = session.page
    page.get_by_role("link", name="Propose rounds").click()
    page.get_by_role("heading", name="Propose rounds").wait_for()
    assert_accessible(session)
    page.get_by_role("button", name="Create these rounds").click()
    page.get_by_text("4 rounds are created as drafts").wait_for()
    page.get_by_role("link", name="Edit Round 2").click()
    page.get_by_label("Name").fill("Ronde 2 (najaar)")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Round Ronde 2 (najaar) is saved.").wait_for()
    session.shot("setup-page")
    assert_accessible(session)


def test_leader_sets_up_a_programme_from_empty(open_session, programme_setup):
    """Programme, cohort, units in a tree, an assignment and the cohort's rounds: by clicking only."""
    from organisations.models import Organisation
    from placements.models import Assignment
    from programmes.models import Cohort

    Organisation.objects.create(name="Eenheid Rotterdam", kind=Organisation.Kind.POLICE_UNIT)
    start = timezone.localdate() + timedelta(days=60)
    session = open_session("setup")
    leader_logs_in(session, programme_setup["leader"])
    leader_creates_a_programme(session, start)
    leader_adds_a_cohort_and_units(session, start)
    leader_adds_an_assignment(session)
    leader_proposes_and_edits_the_rounds(session)

    programme = Programme.objects.get(name="Pilot Werkstudenten Rotterdam")
    assert programme.leaders.get() == programme_setup["leader"]
    cohort = Cohort.objects.get(programme=programme)
    assert [r.name for r in cohort.rotation_rounds.order_by("start_date")] == [
        "Round 1",
        "Ronde 2 (najaar)",
        "Round 3",
        "Round 4",
    ]
    assignment = Assignment.objects.get(programme=programme)
    assert assignment.unit.parent.name == "District Noord"
    assert (assignment.wanted_backgrounds, assignment.wanted_levels) == (["data", "criminologie"], ["hbo", "wo"])
