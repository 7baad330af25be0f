"""Who reaches whom: the workplace supervisor sees their current student's e-mail and phone, the student
their supervisor's; a supervisor of a placement long past, and anyone else, does not."""

from datetime import date

from django.urls import reverse
from django.utils.html import escape

from tests.factories import PlacementFactory


def _with_phones(world):
    for person, phone in ((world.student, "06-11112222"), (world.supervisor, "070-3334444")):
        person.phone = phone
        person.save()


def _page(client, persona, placement):
    client.force_login(persona)
    response = client.get(reverse("placements:placement_detail", args=[placement.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_supervisor_sees_the_contact_of_their_current_student(client, world, today):
    _with_phones(world)
    page = _page(client, world.supervisor, world.placement)
    assert escape(world.student.email) in page and "06-11112222" in page


def test_the_supervisor_of_a_past_placement_does_not_see_the_students_contact(client, world, today):
    _with_phones(world)
    past = PlacementFactory(
        student=world.student.student,
        assignment=world.placement.assignment,
        supervisor=world.supervisor.supervisor,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
    )
    page = _page(client, world.supervisor, past)
    assert "06-11112222" not in page


def test_the_student_sees_their_supervisors_contact_on_the_placement_and_their_home_page(client, world, today):
    _with_phones(world)
    for page in (
        _page(client, world.student, world.placement),
        client.get(reverse("dashboards:student_assignment")).content.decode(),
    ):
        assert escape(world.supervisor.email) in page and "070-3334444" in page
        assert "06-11112222" not in page  # nobody needs their own number shown back


def test_the_supervisors_home_page_lists_each_current_students_contact(client, world, today):
    _with_phones(world)
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert escape(world.student.email) in page and "06-11112222" in page


def test_the_leader_sees_the_contact_and_the_name_links_to_the_student_page(client, world, today):
    _with_phones(world)
    page = _page(client, world.leader, world.placement)
    assert "06-11112222" in page
    assert reverse("dashboards:student_detail", args=[world.student.student.pk]) in page
