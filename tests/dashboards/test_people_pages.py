"""The leaders' pages about people: the student's page (everything of the student in the programmes one
leads) and the cohort's roster (each member with their current and next placement)."""

from datetime import date

from django.urls import reverse
from django.utils.html import escape

from documents.models import DocumentRequirement, StudentDocument
from evaluations.models import Audience, EvaluationRequest
from notifications.models import Notification
from placements.models import Assignment
from rounds.models import Preference
from tests.evaluations.conftest import final_moment, make_questionnaire
from tests.factories import AssignmentFactory, PlacementFactory, RotationRoundFactory, StudentFactory


def _student_url(world):
    return reverse("dashboards:student_detail", args=[world.student.student.pk])


def _fill(world, *, suffix="", years=0):
    """A next and a past placement with goals, a document, an evaluation request, a ranking and an e-mail;
    `years` later (the next) and earlier (the past) for a second fill."""
    student = world.student.student
    assignment = world.placement.assignment
    PlacementFactory(
        student=student,
        assignment=assignment,
        start_date=date(2027 + years, 2, 1),
        end_date=date(2027 + years, 7, 31),
    )
    past = PlacementFactory(
        student=student, assignment=assignment, start_date=date(2026 - years, 2, 1), end_date=date(2026 - years, 7, 31)
    )
    past.learning_goals.create(description=f"Verhoren{suffix}")
    world.placement.learning_goals.create(description=f"Rapporteren{suffix}")
    requirement = DocumentRequirement.objects.create(
        programme=world.programme, kind=DocumentRequirement.Kind.choices[0][0], name=f"VOG{suffix}"
    )
    StudentDocument.objects.create(
        student=student, requirement=requirement, status=StudentDocument.Status.APPROVED, expires_on=date(2027, 3, 1)
    )
    questionnaire = make_questionnaire(Audience.SUPERVISOR, programme=world.programme)
    EvaluationRequest.objects.create(
        placement=past,
        moment=final_moment(world.programme),
        audience=Audience.SUPERVISOR,
        respondent=world.supervisor,
        version=questionnaire.versions.get(),
        sent_on=date(2026 - years, 7, 31),
        due_date=date(2026 - years, 8, 21),
    )
    rotation_round = RotationRoundFactory(  # a round of its own: one cohort's rounds never overlap
        cohort=student.cohorts.get(), start_date=date(2027 + years, 2, 1), end_date=date(2027 + years, 7, 31)
    )
    for rank in (1, 2):
        Preference.objects.create(
            student=student,
            rotation_round=rotation_round,
            assignment=AssignmentFactory(programme=world.programme),
            rank=rank,
        )
    Notification.objects.create(
        kind="test.kind",
        object_key=f"x{suffix}",
        recipient=world.student,
        window="w",
        template="t",
        subject=f"Herinnering{suffix}",
        student=student,
    )
    return past, rotation_round


def test_the_leader_sees_the_students_contact_study_placements_documents_goals_evaluations_and_rankings(
    client, world, today
):
    world.student.phone = "06-12345678"
    world.student.save()
    _past, rotation_round = _fill(world)
    client.force_login(world.leader)
    page = client.get(_student_url(world)).content.decode()
    student = world.student.student
    for shown in (
        world.student.email,
        "06-12345678",
        student.school.name,
        student.study_programme,
        student.get_level_display(),
        student.cohorts.get().name,
        world.placement.assignment.title,
        world.supervisor.name,
        world.supervisor.email,
        "01-02-2027",  # the next placement
        "01-02-2026",  # the past one
        "Rapporteren",
        "Verhoren",
        "VOG",
        rotation_round.name,
        "Herinnering",
        reverse("programmes:student_messages", args=[student.pk]),
        reverse("documents:student_document_record", args=[world.programme.pk, student.pk]),
        reverse("hours:placement_hours", args=[world.placement.public_id]),
        reverse("logbook:placement_logbook", args=[world.placement.public_id]),
    ):
        assert escape(str(shown)) in page, shown
    for preference in Preference.objects.filter(student=student):
        assert escape(preference.assignment.title) in page
    assert "Eindevaluatie" in page


def test_a_leader_of_another_programme_a_supervisor_and_the_student_get_no_student_page(client, world, today):
    for persona in ("other_leader",):
        client.force_login(getattr(world, persona))
        assert client.get(_student_url(world)).status_code == 404
    for persona in ("supervisor", "student", "school_supervisor"):
        client.force_login(getattr(world, persona))
        assert client.get(_student_url(world)).status_code in (403, 404)
    client.force_login(world.admin)
    assert client.get(_student_url(world)).status_code == 200


def test_the_student_page_shows_only_what_lies_in_the_leaders_programmes(client, world, today):
    # The same student also placed in the other programme: its leader sees that placement, this one does not.
    foreign = PlacementFactory(
        student=world.student.student,
        assignment=world.other_placement.assignment,
        start_date=date(2027, 8, 1),
        end_date=date(2027, 12, 31),
    )
    client.force_login(world.leader)
    page = client.get(_student_url(world)).content.decode()
    assert foreign.assignment.title not in page
    client.force_login(world.other_leader)
    page = client.get(_student_url(world)).content.decode()
    assert foreign.assignment.title in page and world.placement.assignment.title not in page


def test_the_student_page_takes_the_same_queries_for_more_data(client, world, today, django_assert_max_num_queries):
    _fill(world)
    client.force_login(world.leader)
    url = _student_url(world)
    client.get(url)
    # user, roles; the student; placements; goals, their levels; hours, logbook; evaluation requests;
    # rankings; cohorts; requirements, documents; e-mails
    with django_assert_max_num_queries(14) as small:
        assert client.get(url).status_code == 200
    _fill(world, suffix=" 2", years=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def _cohort_url(world):
    return reverse("dashboards:cohort_detail", args=[world.student.student.cohorts.get().pk])


def test_the_roster_lists_each_member_with_current_and_next_placement(client, world, today):
    student = world.student.student
    following = PlacementFactory(
        student=student,
        assignment=AssignmentFactory(programme=world.programme),
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
    )
    unplaced = StudentFactory()
    student.cohorts.get().students.add(unplaced)
    client.force_login(world.leader)
    page = client.get(_cohort_url(world)).content.decode()
    assert reverse("dashboards:student_detail", args=[student.pk]) in page
    assert reverse("dashboards:student_detail", args=[unplaced.pk]) in page
    assert world.placement.assignment.title in page and following.assignment.title in page
    assert page.index(world.placement.assignment.title) < page.index(following.assignment.title)
    assert world.other_student.name not in page


def test_a_cohort_of_another_programme_is_not_found(client, world, today):
    client.force_login(world.other_leader)
    assert client.get(_cohort_url(world)).status_code == 404


def test_the_roster_takes_the_same_queries_for_more_members(client, world, today, django_assert_max_num_queries):
    client.force_login(world.leader)
    url = _cohort_url(world)
    client.get(url)
    # user, roles; the cohort; members counted, the page of members; their placements; the rounds
    with django_assert_max_num_queries(7) as small:
        assert client.get(url).status_code == 200
    cohort = world.student.student.cohorts.get()
    Assignment.objects.filter(pk=world.placement.assignment_id).update(capacity=10)  # the database holds it
    for _ in range(6):
        student = StudentFactory()
        cohort.students.add(student)
        PlacementFactory(student=student, assignment=world.placement.assignment)
        PlacementFactory(
            student=student,
            assignment=world.placement.assignment,
            start_date=date(2027, 2, 1),
            end_date=date(2027, 7, 31),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
