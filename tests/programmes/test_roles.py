"""A person's roles come from their rows, are read once per request, and follow a revoked grant at once."""

import pytest
from django.urls import reverse

from programmes.models import ProgrammeLeader
from programmes.roles import Roles, roles_of


@pytest.mark.parametrize(
    ("persona", "flags"),
    [
        ("leader", {"is_leader": True, "leads": True, "is_student": False, "is_supervisor": False}),
        ("supervisor", {"is_leader": False, "leads": False, "is_student": False, "is_supervisor": True}),
        ("student", {"is_leader": False, "leads": False, "is_student": True, "is_supervisor": False}),
        ("admin", {"is_admin": True, "leads": True, "is_student": False, "is_supervisor": False}),
    ],
)
def test_roles_are_read_in_one_query(world, django_assert_num_queries, persona, flags):
    person = getattr(world, persona)
    with django_assert_num_queries(1):
        roles = roles_of(person)
    assert {name: getattr(roles, name) for name in flags} == flags


def test_the_roles_carry_the_ids_of_the_profiles(world):
    assert roles_of(world.student).student_id == world.student.student.pk
    assert roles_of(world.supervisor).supervisor_id == world.supervisor.supervisor.pk
    assert roles_of(world.leader) == Roles(is_leader=True)


def test_a_person_with_two_roles_has_both(world):
    ProgrammeLeader.objects.create(programme=world.other_programme, user=world.supervisor)
    roles = roles_of(world.supervisor)
    assert roles.is_leader and roles.is_supervisor and roles.leads


def test_an_anonymous_visitor_has_no_role(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert roles_of(AnonymousUser()) == Roles()
    assert not Roles().any


def test_a_signed_in_page_reads_the_roles_once(client, world, django_assert_max_num_queries):
    """The navigation, the leader gate and the page all ask `request.roles`: one query between them."""
    client.force_login(world.leader)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboards:leader_dashboard")).status_code == 200
    role_reads = [
        q["sql"]
        for q in queries.captured_queries
        if "placements_programmeleader" in q["sql"] and "EXISTS" in q["sql"].upper()
    ]
    assert len(role_reads) == 1


def test_a_revoked_leader_grant_takes_effect_on_the_next_request(client, world):
    client.force_login(world.leader)
    url = reverse("dashboards:leader_dashboard")
    assert client.get(url).status_code == 200
    ProgrammeLeader.objects.filter(user=world.leader).delete()
    assert client.get(url).status_code == 403
