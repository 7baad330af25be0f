"""Each role lands on its own page after login and sees only its own part of the data."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape

from placements.models import Placement

from ..factories import AssignmentFactory, CohortFactory, PlacementFactory, StudentFactory
from ..html import compact

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("leader", "dashboards:leader_dashboard"),
        ("supervisor", "dashboards:supervisor_students"),
        ("student", "dashboards:student_assignment"),
        ("admin", "dashboards:leader_dashboard"),
    ],
)
def test_home_sends_each_role_to_its_page(client, world, persona, landing):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(landing)


def test_anonymous_visitor_is_asked_to_log_in(client):
    response = client.get(reverse("dashboards:student_assignment"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_login_with_email_lands_on_my_assignment(client, world, today):
    response = client.post(
        reverse("account_login"),
        {"login": world.student.email, "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboards:student_assignment")
    assert world.placement.assignment.title in response.content.decode()


def test_student_sees_current_next_and_history(client, world, today):
    student = world.placement.student
    earlier = PlacementFactory(
        student=student, start_date=date(2026, 2, 1), end_date=date(2026, 7, 31), status=Placement.Status.COMPLETED
    )
    upcoming = PlacementFactory(student=student, start_date=date(2027, 2, 1), end_date=date(2027, 7, 31))
    client.force_login(world.student)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    for placement in (world.placement, earlier, upcoming):
        assert placement.assignment.title in page
    assert world.other_placement.assignment.title not in page
    assert world.supervisor.email in page


def test_supervisor_sees_only_their_students(client, world, today):
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert escape(world.student.name) in page
    assert escape(world.other_student.name) not in page


def test_the_supervisors_rows_link_each_student_and_list_the_goals_escaped(client, world, today):
    placement = world.placement
    placement.student.school.name = "ROC <Mondriaan>"
    placement.student.school.save()
    placement.learning_goals.all().delete()
    for position, text in enumerate(["Verhoren & verslag", "<i>Briefing</i>"]):
        placement.learning_goals.create(description=text, position=position)
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    row = (
        f'<tr><td><a href="{reverse("placements:placement_detail", args=[placement.public_id])}">'
        f'{escape(placement.student.user.name)}</a><br><span class="small text-body-secondary">ROC &lt;Mondriaan&gt;'
        f'</span><br><span class="small"><a href="mailto:{placement.student.user.email}">'
        f"{escape(placement.student.user.email)}</a></span>"  # a current student: their contact
        f"</td><td>{escape(placement.assignment.title)}<br>"
        f'<span class="small text-body-secondary">{escape(placement.assignment.unit.name)}</span></td>'
        f"<td>{placement.start_date:%d-%m-%Y} – {placement.end_date:%d-%m-%Y}</td>"
        '<td><div class="small">Verhoren &amp; verslag</div>'
        '<div class="small">&lt;i&gt;Briefing&lt;/i&gt;</div></td></tr>'
    )
    assert row in compact(page)
    placement.learning_goals.all().delete()
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert '<td><span class="text-body-secondary small">–</span></td></tr>' in compact(page)


def test_leader_dashboard_shows_own_programmes_and_occupancy(client, world, today):
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert world.programme.name in page
    assert world.placement.assignment.unit.name in page
    assert world.other_programme.name not in page


def test_the_occupancy_table_has_a_row_per_unit_with_its_figures_escaped(client, world, today):
    unit = world.placement.assignment.unit
    unit.name = "<b>Recherche</b>"
    unit.save()
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    row = (
        f'<tr><td>&lt;b&gt;Recherche&lt;/b&gt;<br><span class="small text-body-secondary">'
        f"{escape(unit.organisation.name)}</span></td>"
        f'<td class="text-end">1</td><td class="text-end">{world.placement.assignment.capacity}</td></tr>'
    )
    assert row in page
    assert "<b>Recherche</b>" not in page


@pytest.mark.parametrize("persona", ["student", "supervisor", "leader"])
def test_nobody_opens_a_placement_that_is_not_theirs(client, world, persona):
    client.force_login(getattr(world, persona))
    own = client.get(reverse("placements:placement_detail", args=[world.placement.public_id]))
    other = client.get(reverse("placements:placement_detail", args=[world.other_placement.public_id]))
    assert own.status_code == 200
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("student", "dashboards:supervisor_students"), ("supervisor", "dashboards:student_assignment")],
)
def test_role_pages_are_not_found_for_other_roles(client, world, persona, url_name):
    client.force_login(getattr(world, persona))
    assert client.get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("persona", ["student", "supervisor"])
def test_leader_pages_are_forbidden_for_others(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("dashboards:leader_dashboard")).status_code == 403
    assert client.get(reverse("placements:placement_create")).status_code == 403


def test_leader_places_a_student_and_sees_the_overlap_message(client, world, today):
    client.force_login(world.leader)
    assignment = AssignmentFactory(programme=world.programme, capacity=1)
    data = {
        "student": world.placement.student.pk,
        "assignment": assignment.pk,
        "start_date": "2027-01-01",
        "end_date": "2027-06-30",
    }
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 200
    assert "01-08-2026" in response.content.decode()  # the clashing placement's period is named
    assert not Placement.objects.filter(assignment=assignment).exists()

    data["start_date"] = "2027-02-01"
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 302
    assert Placement.objects.filter(assignment=assignment).count() == 1


def test_leader_cannot_place_students_of_another_programme(client, world):
    client.force_login(world.leader)
    data = {
        "student": world.other_placement.student.pk,
        "assignment": world.other_placement.assignment.pk,
        "start_date": "2027-02-01",
        "end_date": "2027-06-30",
    }
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["student"]


def test_leader_cannot_place_a_student_under_a_supervisor_of_another_organisation(client, world, today):
    """The form offers the people of the organisations the leader's programmes work with, and refuses others."""
    client.force_login(world.leader)
    page = client.get(reverse("placements:placement_create")).content.decode()
    assert escape(world.supervisor.name) in page and escape(world.other_supervisor.name) not in page
    data = {
        "student": world.placement.student.pk,
        "assignment": world.placement.assignment.pk,
        "supervisor": world.other_supervisor.supervisor.pk,
        "start_date": "2027-02-01",
        "end_date": "2027-06-30",
    }
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["supervisor"]
    assert not Placement.objects.filter(student=world.placement.student, start_date=date(2027, 2, 1)).exists()


def test_bad_dates_are_field_errors_not_500(client, world):
    client.force_login(world.leader)
    response = client.post(
        reverse("placements:placement_create"),
        {
            "student": world.placement.student.pk,
            "assignment": world.placement.assignment.pk,
            "start_date": "2027-13-45",
            "end_date": "gisteren",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"start_date", "end_date"}


def _grow(world, n):
    """Add n students with placements, activities and evaluation requests to the world's programme."""
    from evaluations.models import Audience, EvaluationRequest
    from placements.services import activity_create
    from tests.evaluations.conftest import final_moment, make_questionnaire

    version = make_questionnaire(Audience.SUPERVISOR, programme=world.programme).versions.get()
    supervisor = world.placement.supervisor
    supervisor.max_students = 1000
    supervisor.save()
    cohort = world.programme.cohorts.first()
    for i in range(n):
        student = StudentFactory()
        cohort.students.add(student)
        assignment = AssignmentFactory(programme=world.programme, default_supervisor=supervisor)
        PlacementFactory(student=student, assignment=assignment, supervisor=supervisor)
        earlier = PlacementFactory(
            student=student,
            assignment=assignment,
            supervisor=supervisor,
            start_date=date(2026, 2, 1),
            end_date=date(2026, 7, 31),
            status=Placement.Status.COMPLETED,
        )
        EvaluationRequest.objects.create(
            placement=earlier,
            moment=final_moment(world.programme),
            audience=Audience.SUPERVISOR,
            respondent=supervisor.user,
            version=version,
            sent_on=date(2026, 8, 1),
            due_date=date(2026, 8, 22) if i % 2 else date(2026, 12, 22),  # half overdue, half open
        )
        activity_create(programme=world.programme, title=f"Training {i}", date=date(2026, 10 + i % 3, 1 + i))


@pytest.mark.parametrize(
    ("persona", "url_name", "queries"),
    [
        # session, the person with their roles and profile (accounts.backends), placements, their learning
        # goals and the goals' levels, cohorts, rounds (next and open for preferences), activities, pending
        # evaluations (none here); the current placement's hours and logbook
        ("student", "dashboards:student_assignment", 11),
        # session, the person with their roles and profile, placements, learning goals, pending evaluations
        # and, as there are some, their placements with student and unit; the weeks of hours to approve, and
        # the current placements' hours and logbook
        ("supervisor", "dashboards:supervisor_students", 9),
        # session, the person with roles, programmes, cohorts, occupancy, capacity, rounds, without next,
        # evaluation counts, overdue evaluations, placements waiting for a decision (ids, and the rows when
        # there are any)
        ("leader", "dashboards:leader_dashboard", 12),
    ],
)
def test_page_query_count_does_not_grow_with_data(
    client, world, today, django_assert_max_num_queries, persona, url_name, queries
):
    client.force_login(getattr(world, persona))
    with django_assert_max_num_queries(queries):
        small = client.get(reverse(url_name))
    _grow(world, 15)
    with django_assert_max_num_queries(queries):
        large = client.get(reverse(url_name))
    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)


def test_cohort_factory_builds_members():
    cohort = CohortFactory(students=[StudentFactory(), StudentFactory()])
    assert cohort.students.count() == 2


@pytest.mark.parametrize("persona", ["leader", "student"])
def test_placement_detail_query_count_does_not_grow_with_goals_or_changes(
    client, world, today, django_assert_max_num_queries, persona
):
    from placements.services import placement_update

    placement = world.placement
    client.force_login(getattr(world, persona))
    url = reverse("placements:placement_detail", args=[placement.public_id])
    # The content-type cache lives as long as the process: warm, as in a running server, whatever ran before.
    ContentType.objects.get_for_model(Placement, for_concrete_model=False)
    # session, user, placement with its people, leader check, learning goals, their levels (once there are
    # goals); the leader's audit entries and whether the programme has standard goals to copy; the panels of
    # the apps above (core.hooks.placement_panels): hours done, logbook entries, whether the programme needs
    # an internship agreement
    with django_assert_max_num_queries(11):
        small = client.get(url)
    for i in range(5):
        placement.learning_goals.create(description=f"Leerdoel {i}", position=i)
        placement_update(
            placement=placement,
            assignment=placement.assignment,
            supervisor=placement.supervisor,
            start_date=placement.start_date,
            end_date=date(2027, 1, 20 + i),
            notes=f"wijziging {i}",
            actor=world.leader,
        )
    with django_assert_max_num_queries(11):
        large = client.get(url)
    assert len(large.content) > len(small.content)


def test_student_is_told_when_preferences_for_the_next_round_are_open(client, world, today):
    from tests.factories import RotationRoundFactory

    RotationRoundFactory(
        cohort=world.student.student.cohorts.get(),
        name="Ronde 2",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        preferences_deadline=date(2026, 12, 15),
        state="preferences_open",
    )
    client.force_login(world.student)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    assert "Preferences are open." in page
    assert "before 15 December 2026" in page
