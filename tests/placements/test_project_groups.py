"""Project groups: a group placement on a group assignment makes a named group with a lead; its members,
their supervisors and the programme's leaders see it; leaders rename it, choose its lead and plan its
final presentation, which lands in the members' calendar feed."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.calendar import calendar_for
from audit.models import AuditEntry
from placements import selectors, services
from placements.models import ProjectGroup, ProjectGroupMember

from ..factories import AssignmentFactory, CohortFactory, StudentFactory

START, END = date(2026, 12, 1), date(2027, 1, 31)


@pytest.fixture
def group_assignment(world):
    unit = world.placement.assignment.unit  # the supervisor's
    assignment = AssignmentFactory(programme=world.programme, unit=unit, is_group=True, capacity=20)
    supervisor = world.supervisor.supervisor
    supervisor.units.add(assignment.unit)
    supervisor.max_students = 20
    supervisor.save(update_fields=["max_students"])
    return assignment


def _place(world, assignment, students, **kwargs):
    return services.placement_group_create(
        students=students,
        assignment=assignment,
        start_date=START,
        end_date=END,
        supervisor=world.supervisor.supervisor,
        actor=world.leader,
        **kwargs,
    )


@pytest.fixture
def group(world, group_assignment):
    students = [StudentFactory() for _ in range(3)]
    CohortFactory(programme=world.programme, students=students)
    _place(world, group_assignment, students, group_name="Team Noord", lead=students[0])
    return ProjectGroup.objects.get(name="Team Noord")


def test_a_group_placement_on_a_group_assignment_makes_a_named_group_with_its_lead(world, group):
    members = selectors.project_group_members(group=group)
    assert len(members) == 3
    assert members[0].is_lead and not any(m.is_lead for m in members[1:])
    entry = AuditEntry.objects.get(action="project_group.created")
    assert entry.changes["name"] == "Team Noord" and entry.actor == world.leader


def test_without_a_name_the_groups_are_numbered(world, group_assignment):
    for _ in range(2):
        _place(world, group_assignment, [StudentFactory()])
    assert sorted(group_assignment.project_groups.values_list("name", flat=True)) == ["Group 1", "Group 2"]


def test_an_ordinary_assignment_makes_no_group(world):
    assignment = AssignmentFactory(programme=world.programme, unit=world.placement.assignment.unit, capacity=3)
    _place(world, assignment, [StudentFactory(), StudentFactory()])
    assert not ProjectGroup.objects.exists()


def test_a_lead_from_outside_the_group_or_a_repeated_name_places_nobody(world, group, group_assignment):
    outsider, student = StudentFactory(), StudentFactory()
    with pytest.raises(ValidationError, match="lead must be one of the students"):
        _place(world, group_assignment, [student], lead=outsider)
    with pytest.raises(ValidationError, match="group of that name already"):
        _place(world, group_assignment, [student], group_name="Team  Noord")
    assert not student.placements.exists()


def test_the_database_holds_one_lead_per_group_and_one_group_per_placement(group):
    member = group.members.filter(is_lead=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectGroupMember.objects.filter(pk=member.pk).update(is_lead=True)
    other = ProjectGroup.objects.create(assignment=group.assignment, name="Team Zuid")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectGroupMember.objects.create(group=other, placement=member.placement)


def test_a_leader_renames_the_group_and_moves_the_lead(world, group):
    new_lead = group.members.filter(is_lead=False).first()
    services.project_group_update(group=group, name="Team Oost", lead=new_lead, actor=world.leader)
    assert list(group.members.filter(is_lead=True)) == [new_lead]
    entry = AuditEntry.objects.get(action="project_group.updated")
    assert entry.changes["name"] == ["Team Noord", "Team Oost"]


def test_the_lead_must_be_a_member(world, group, group_assignment):
    _place(world, group_assignment, [StudentFactory()], group_name="Team Zuid")
    stranger = ProjectGroup.objects.get(name="Team Zuid").members.get()
    with pytest.raises(ValidationError):
        services.project_group_update(group=group, name="Team Noord", lead=stranger)


def test_a_presentation_slot_needs_a_date_and_an_end_after_its_start(group):
    with pytest.raises(ValidationError):
        services.project_group_schedule_presentation(group=group, date=None, start_time=time(10))
    with pytest.raises(ValidationError):
        services.project_group_schedule_presentation(
            group=group, date=date(2027, 1, 28), start_time=time(10), end_time=time(9)
        )


def test_members_find_the_presentation_in_their_calendar_feed(world, group):
    services.project_group_schedule_presentation(
        group=group, date=date(2027, 1, 28), start_time=time(10), end_time=time(10, 30), location="Stadhuis"
    )
    member = group.members.first().placement.student.user
    feed = calendar_for(member).decode()
    assert "Final presentation: Team Noord" in feed and "Stadhuis" in feed
    assert "Team Noord" not in calendar_for(world.student).decode()


def test_members_supervisors_and_leaders_see_the_group_others_get_404(client, world, group):
    url = reverse("placements:project_group_detail", args=[group.public_id])
    member = group.members.first().placement.student.user
    for person in (member, world.supervisor, world.leader):
        client.force_login(person)
        assert client.get(url).status_code == 200
    for person in (world.student, world.other_leader, world.other_supervisor):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_a_member_may_not_change_the_group(client, world, group):
    client.force_login(group.members.first().placement.student.user)
    response = client.post(reverse("placements:project_group_edit", args=[group.public_id]), {"name": "Van ons"})
    assert response.status_code == 403


def test_the_leader_plans_the_presentation_and_renames_through_the_pages(client, world, group):
    client.force_login(world.leader)
    lead = group.members.filter(is_lead=False).first()
    response = client.post(
        reverse("placements:project_group_edit", args=[group.public_id]), {"name": "Team West", "lead": lead.pk}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("placements:project_group_presentation", args=[group.public_id]),
        {"date": "2027-01-28", "start_time": "10:00", "end_time": "09:00", "location": "Stadhuis"},
    )
    assert "The end time must be after the start time." in response.content.decode()
    client.post(
        reverse("placements:project_group_presentation", args=[group.public_id]),
        {"date": "2027-01-28", "start_time": "10:00", "end_time": "10:30", "location": "Stadhuis"},
    )
    group.refresh_from_db()
    assert group.name == "Team West" and group.presentation_location == "Stadhuis"
    page = client.get(reverse("placements:project_group_list")).content.decode()
    assert "Team West" in page and lead.placement.student.user.name in page


def test_the_group_form_places_and_groups_with_a_lead(client, world, group_assignment):
    students = [StudentFactory(), StudentFactory()]
    cohort = CohortFactory(programme=world.programme, students=students)
    client.force_login(world.leader)
    response = client.post(
        reverse("placements:placement_group_create"),
        {
            "cohort": cohort.pk,
            "students": [s.pk for s in students],
            "assignment": group_assignment.pk,
            "start_date": "2026-12-01",
            "end_date": "2027-01-31",
            "group_name": "Team Helicon",
            "lead": students[1].pk,
        },
    )
    assert response.status_code == 302
    group = ProjectGroup.objects.get(name="Team Helicon")
    assert group.members.get(is_lead=True).placement.student == students[1]


def test_the_placement_page_links_its_group(client, world, group):
    member = group.members.get(is_lead=True)
    client.force_login(member.placement.student.user)
    page = client.get(reverse("placements:placement_detail", args=[member.placement.public_id])).content.decode()
    assert reverse("placements:project_group_detail", args=[group.public_id]) in page


@pytest.mark.parametrize("persona", ["leader", "supervisor"])
def test_group_pages_query_count_does_not_grow_with_members(
    client, world, today, group, group_assignment, django_assert_num_queries, persona
):
    client.force_login(getattr(world, persona))
    detail = reverse("placements:project_group_detail", args=[group.public_id])
    # session, user with roles, the group in scope, its members with students and supervisors, leader check
    with django_assert_num_queries(5):
        small = client.get(detail)
    more = [StudentFactory() for _ in range(6)]
    _place(world, group_assignment, more, group_name="Team Zuid")
    for member in more:
        ProjectGroupMember.objects.filter(placement__student=member).update(group=group)
    with django_assert_num_queries(5):
        large = client.get(detail)
    assert len(large.content) > len(small.content)


def test_group_list_query_count_does_not_grow(client, world, today, group, group_assignment, django_assert_num_queries):
    client.force_login(world.leader)
    # session, user with roles, the led groups with their counts and leads
    with django_assert_num_queries(3):
        small = client.get(reverse("placements:project_group_list"))
    for index in range(4):
        _place(world, group_assignment, [StudentFactory()], group_name=f"Team {index}")
    with django_assert_num_queries(3):
        large = client.get(reverse("placements:project_group_list"))
    assert len(large.content) > len(small.content)


def test_the_personal_data_export_lists_the_group(world, group):
    from privacy.services import personal_data_export

    lead = group.members.get(is_lead=True).placement.student.user
    assert personal_data_export(user=lead)["project_groups"] == [
        {
            "group": "Team Noord",
            "assignment": group.assignment.title,
            "lead": True,
            "presentation_date": None,
            "presentation_location": "",
        }
    ]
