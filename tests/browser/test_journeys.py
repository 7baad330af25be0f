"""The journeys of the three roles, in a real browser (Chromium through Playwright) against live_server.

Each step is a small function, so a journey reads as a story and later steps slot in:
- the student ranks preferences for an open round -> add `student_ranks_preferences` after
  `student_sees_the_assignment` (needs the rounds branch: a round in state preferences_open);
- the supervisor fills an evaluation: `supervisor_fills_the_evaluation` in
  test_supervisor_sees_the_new_student (draft, then final submission).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    CohortFactory,
    ProgrammeFactory,
    ProgrammeLeaderFactory,
    SupervisorFactory,
)

pytestmark = [pytest.mark.browser]

NEW_PASSWORD = "Zomer-in-Den-Haag-2026"


@pytest.fixture
def programme_setup(transactional_db):
    """A programme with its leader, a cohort without students yet, and an assignment with a supervisor."""
    programme = ProgrammeFactory(name="Pilot Werkstudenten Den Haag")
    leader = ProgrammeLeaderFactory(programme=programme, user__name="Lotte Leider").user
    supervisor = SupervisorFactory(user__name="Sven Begeleider")
    cohort = CohortFactory(programme=programme, name="Lichting 2026")
    assignment = AssignmentFactory(programme=programme, title="Analyse woninginbraken", default_supervisor=supervisor)
    supervisor.units.add(assignment.unit)
    return {"leader": leader, "supervisor": supervisor, "cohort": cohort, "assignment": assignment}


def assert_accessible(session):
    violations = session.axe_violations()
    assert violations == [], violations


def leader_logs_in(session, leader):
    page = session.log_in(leader.email, PASSWORD)
    page.get_by_role("heading", level=1).wait_for()
    assert "/leader/" in page.url
    session.shot("dashboard")
    assert_accessible(session)


def leader_invites_a_student(session, cohort) -> None:
    page = session.go("/")
    page.get_by_role("navigation").get_by_role("link", name="Invite").click()
    page.get_by_label("Name").fill("Noor de Vries")
    page.get_by_label("E-mail address").fill("noor@example.nl")
    page.get_by_label("Student").check()
    page.get_by_label("Cohort").select_option(str(cohort.pk))
    page.get_by_label("Institution").fill("Haagse Hogeschool")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Noor de Vries is invited").wait_for()
    session.shot("invited")
    assert_accessible(session)


def leader_places_the_student(session, assignment):
    from placements.models import Student

    student = Student.objects.get(user__email="noor@example.nl")
    today = timezone.localdate()
    page = session.go("/")
    page.get_by_role("navigation").get_by_role("link", name="New placement").click()
    page.get_by_label("Student").select_option(str(student.pk))
    page.get_by_label("Assignment").select_option(str(assignment.pk))
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=180)).isoformat())
    page.get_by_label("Learning goals").fill("Zelfstandig een analyse opzetten")
    session.shot("placement-form")
    page.get_by_role("button", name="Place student").click()
    page.get_by_text("is placed on").wait_for()
    session.shot("placed")


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
    session.shot("assignment")
    assert_accessible(session)


def test_leader_invites_and_places_a_student_who_then_sees_the_assignment(open_session, programme_setup):
    leader = open_session("leader")
    leader_logs_in(leader, programme_setup["leader"])
    leader_invites_a_student(leader, programme_setup["cohort"])
    leader_places_the_student(leader, programme_setup["assignment"])

    student = open_session("student")
    student_sets_a_password_from_the_invitation(student)
    student_sees_the_assignment(student, programme_setup["assignment"])
    # After merging the rounds branch: student_ranks_preferences(student, ...) goes here.


def test_supervisor_sees_the_new_student(open_session, programme_setup):
    from placements.services import placement_create
    from tests.factories import StudentFactory

    student = StudentFactory(user__name="Noor de Vries")
    programme_setup["cohort"].students.add(student)
    today = timezone.localdate()
    placement_create(
        student=student,
        assignment=programme_setup["assignment"],
        supervisor=programme_setup["supervisor"],
        start_date=today,
        end_date=today + timedelta(days=180),
        learning_goals=["Zelfstandig een analyse opzetten"],
        actor=programme_setup["leader"],
    )
    session = open_session("supervisor")
    page = session.log_in(programme_setup["supervisor"].user.email, PASSWORD)
    page.get_by_role("heading", name="My students").wait_for()
    assert page.get_by_text("Noor de Vries").first.is_visible()
    assert page.get_by_text("Zelfstandig een analyse opzetten").first.is_visible()
    session.shot("students")
    assert_accessible(session)
    supervisor_fills_the_evaluation(session, programme_setup)


def supervisor_fills_the_evaluation(session, programme_setup):
    from evaluations.models import Audience, EvaluationRequest, Question
    from evaluations.services import evaluation_requests_create
    from placements.models import Placement
    from tests.evaluations.conftest import make_questionnaire

    make_questionnaire(Audience.SUPERVISOR, kind=programme_setup["assignment"].programme.kind)
    placement = Placement.objects.get(assignment=programme_setup["assignment"])
    evaluation_requests_create(placements=[placement], audiences=[Audience.SUPERVISOR], actor=programme_setup["leader"])
    request = EvaluationRequest.objects.get(placement=placement)
    likert, single, _multiple, text = request.version.questions.all()
    assert likert.kind == Question.Kind.LIKERT and text.kind == Question.Kind.TEXT

    page = session.go("/")
    page.get_by_role("navigation").get_by_role("link", name="My evaluations").click()
    page.get_by_role("link", name="Fill in").click()
    page.locator(f"input[name=q_{likert.pk}][value='4']").check()
    page.locator(f"textarea[name=q_{text.pk}]").fill("Werkt zelfstandig")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved.").wait_for()

    page.get_by_role("link", name="Fill in").click()
    assert page.locator(f"textarea[name=q_{text.pk}]").input_value() == "Werkt zelfstandig"
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Please answer").first.wait_for()  # the single-choice question is required
    session.shot("evaluation-missing-answer")
    assert_accessible(session)
    page.locator(f"input[name=q_{single.pk}][value='Ja']").check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("your evaluation was submitted").wait_for()
    session.shot("evaluation-submitted")
    request.refresh_from_db()
    assert request.state == EvaluationRequest.State.SUBMITTED
