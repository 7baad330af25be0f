"""The school supervisor's home page (their school's students: current placement, goals' levels, open
evaluations) and the SBB adviser's (the training company: units, assignments, supervisors' names and
placements per period, nothing personal beyond names)."""

from datetime import date

from django.urls import reverse

from evaluations.models import Audience, EvaluationRequest
from placements.models import Assignment
from tests.evaluations.conftest import final_moment, make_questionnaire
from tests.factories import CohortFactory, PlacementFactory, StudentFactory


def test_each_new_role_lands_on_its_own_home_page(client, world):
    for persona, page in (("school_supervisor", "school_students"), ("sbb_adviser", "sbb_adviser")):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("home")).url == reverse(f"dashboards:{page}")


def _pending_school_request(world):
    questionnaire = make_questionnaire(Audience.SUPERVISOR, programme=world.programme)
    return EvaluationRequest.objects.create(
        placement=world.placement,
        moment=final_moment(world.programme),
        audience=Audience.SUPERVISOR,
        respondent=world.supervisor,
        version=questionnaire.versions.get(),
        sent_on=date(2026, 11, 20),
        due_date=date(2026, 12, 11),
    )


def test_school_supervisor_sees_their_student_with_placement_goals_and_open_evaluations(client, world, today):
    world.placement.learning_goals.create(description="Rapporteren volgens de werkinstructie")
    _pending_school_request(world)
    client.force_login(world.school_supervisor)
    page = client.get(reverse("dashboards:school_students")).content.decode()
    assert world.student.name in page
    assert world.placement.assignment.title in page
    assert reverse("placements:placement_detail", args=[world.placement.public_id]) in page
    assert "Rapporteren volgens de werkinstructie" in page
    assert "Eindevaluatie (Supervisor)" in page
    assert world.other_student.name not in page


def _more_students(world, count):
    cohort = world.programme.cohorts.get()
    assignment = world.placement.assignment
    Assignment.objects.filter(pk=assignment.pk).update(capacity=assignment.placements.count() + count)
    for _ in range(count):
        student = StudentFactory(school=world.student.student.school)
        cohort.students.add(student)
        placement = PlacementFactory(student=student, assignment=world.placement.assignment)
        placement.learning_goals.create(description="Communiceren met burgers")


def test_the_school_page_takes_the_same_queries_for_more_students(client, world, today, django_assert_max_num_queries):
    client.force_login(world.school_supervisor)
    world.placement.learning_goals.create(description="Rapporteren")
    _pending_school_request(world)
    url = reverse("dashboards:school_students")
    client.get(url)
    # user, roles; student count and page; current placements; goals, their levels; the placements'
    # pending requests; the person's own pending requests
    with django_assert_max_num_queries(9) as small:
        client.get(url)
    _more_students(world, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_sbb_adviser_sees_the_training_company_with_names_and_counts_only(client, world, today):
    client.force_login(world.sbb_adviser)
    home = client.get(reverse("dashboards:sbb_adviser")).content.decode()
    assert world.programme.name in home and world.other_programme.name not in home
    page = client.get(reverse("placements:training_company", args=[world.programme.pk])).content.decode()
    unit = world.placement.assignment.unit
    assert unit.name in page and world.placement.assignment.title in page
    assert world.supervisor.name in page  # the workplace supervisor's name
    assert "01-08-2026 – 31-01-2027" in page
    for personal in (world.student.name, world.student.email, world.supervisor.email):
        assert personal not in page


def test_the_training_company_takes_the_same_queries_for_more_units(
    client, world, today, django_assert_max_num_queries
):
    client.force_login(world.sbb_adviser)
    url = reverse("placements:training_company", args=[world.programme.pk])
    client.get(url)
    # user, programme (led or advised), assignments with units, placements per unit and period,
    # supervisors' names, roles (the navigation)
    with django_assert_max_num_queries(6) as small:
        client.get(url)
    for _ in range(5):
        student = StudentFactory()
        CohortFactory(programme=world.programme, students=[student])
        PlacementFactory(student=student, assignment__programme=world.programme)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
