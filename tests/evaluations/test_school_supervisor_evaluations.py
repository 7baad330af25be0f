"""The school's evaluation: a moment may ask the school supervisor a questionnaire of their own; the daily
job asks the school supervisor of each student whose school takes part, and they answer the questions
(the learning goals' levels stay the workplace supervisor's and the student's)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from evaluations import services
from evaluations.models import Audience, EvaluationRequest
from programmes.models import ProgrammeSchool

from .conftest import make_questionnaire

END = date(2027, 1, 31)  # the last day of both worlds' placements


@pytest.fixture
def school_questionnaires(world):
    return [
        make_questionnaire(Audience.SCHOOL_SUPERVISOR, programme=p) for p in (world.programme, world.other_programme)
    ]


def _school_requests():
    return EvaluationRequest.objects.filter(audience=Audience.SCHOOL_SUPERVISOR)


def test_the_daily_job_asks_each_students_school_supervisor_once(
    world, school_questionnaires, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.evaluation_dispatch_due(today=END) == 2  # a school supervisor in each world
    assert sorted(_school_requests().values_list("respondent", flat=True)) == sorted(
        [world.school_supervisor.pk, world.other_school_supervisor.pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.school_supervisor.email, world.other_school_supervisor.email]
    )
    assert services.evaluation_dispatch_due(today=END) == 0


def test_nobody_is_asked_for_a_student_without_school_supervisor_or_whose_school_left(world, school_questionnaires):
    student = world.student.student
    student.school_supervisor = None
    student.save()
    ProgrammeSchool.objects.filter(programme=world.other_programme).delete()
    assert services.evaluation_dispatch_due(today=END) == 0
    assert not _school_requests().exists()


def test_the_school_supervisor_answers_the_questions_without_goal_levels(client, world, school_questionnaires, today):
    world.placement.learning_goals.create(description="Rapporteren")
    (request,) = services.evaluation_requests_create(
        placements=[world.placement],
        moment=school_questionnaires[0].moments.get(),
        audiences=[Audience.SCHOOL_SUPERVISOR],
        actor=world.leader,
    ).created
    assert request.respondent == world.school_supervisor
    client.force_login(world.school_supervisor)
    url = reverse("evaluations:respond", args=[request.token])
    page = client.get(url).content.decode()
    assert "Rapporteren" not in page  # no goal levels to give
    questions = list(request.version.questions.all())
    data = {f"q_{questions[0].pk}": "4", f"q_{questions[1].pk}": "Ja", "submit": "1"}
    response = client.post(url, data, follow=True)
    assert "Thank you, your evaluation was submitted." in response.content.decode()
    request.refresh_from_db()
    assert request.state == EvaluationRequest.State.SUBMITTED
    assert not request.response.goal_assessments.exists()


def test_a_school_supervisor_of_the_other_school_cannot_open_the_request(client, world, school_questionnaires, today):
    (request,) = services.evaluation_requests_create(
        placements=[world.placement],
        moment=school_questionnaires[0].moments.get(),
        audiences=[Audience.SCHOOL_SUPERVISOR],
        actor=world.leader,
    ).created
    client.force_login(world.other_school_supervisor)
    assert client.get(reverse("evaluations:respond", args=[request.token])).status_code == 404
