"""The signed-in person is loaded with their roles: the navigation and the role gates ask no more queries."""

from datetime import date

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory
from django.urls import reverse

from accounts.backends import PortalAuthenticationBackend, PortalModelBackend
from accounts.roles import Roles, person_with_roles, roles_of
from programmes.models import ProgrammeLeader


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", Roles(is_leader=True)),
        ("supervisor", Roles(is_supervisor=True)),
        ("student", Roles(is_student=True)),
        ("admin", Roles(is_admin=True)),
    ],
)
def test_roles_read_with_the_person_match_the_roles_read_apart(world, django_assert_num_queries, persona, expected):
    person = getattr(world, persona)
    with django_assert_num_queries(1):
        loaded = person_with_roles(person.pk)
    with django_assert_num_queries(0):
        assert roles_of(loaded) == expected
    assert (loaded.pk, loaded.email, loaded.name, loaded.date_joined) == (
        person.pk,
        person.email,
        person.name,
        person.date_joined,
    )
    apart = type(person).objects.get(pk=person.pk)
    with django_assert_num_queries(1):
        assert roles_of(apart) == expected


def test_the_person_comes_with_their_student_or_supervisor_profile(world, django_assert_num_queries):
    profile = world.student.student
    profile.backgrounds = ["data", "recht"]
    profile.expected_graduation = date(2028, 7, 1)
    profile.save()
    student = person_with_roles(world.student.pk)
    supervisor = person_with_roles(world.supervisor.pk)
    leader = person_with_roles(world.leader.pk)
    with django_assert_num_queries(0):
        assert student.student.pk == profile.pk and student.student.user is student
        assert (student.student.backgrounds, student.student.expected_graduation) == (
            ["data", "recht"],
            date(2028, 7, 1),
        )
        assert getattr(student, "supervisor", None) is None
        assert supervisor.supervisor.pk == world.supervisor.supervisor.pk
        assert supervisor.supervisor.max_students == world.supervisor.supervisor.max_students
        assert getattr(supervisor, "student", None) is None
        assert getattr(leader, "student", None) is None and getattr(leader, "supervisor", None) is None


def test_a_person_with_two_roles_has_both(world):
    ProgrammeLeader.objects.create(programme=world.other_programme, user=world.supervisor)
    assert roles_of(person_with_roles(world.supervisor.pk)) == Roles(is_leader=True, is_supervisor=True)


@pytest.mark.parametrize("backend", [PortalModelBackend, PortalAuthenticationBackend])
def test_both_backends_load_the_person_with_roles_and_refuse_an_inactive_or_unknown_one(world, backend):
    student = backend().get_user(str(world.student.pk))  # as a session holds it
    assert student == world.student and roles_of(student) == Roles(is_student=True)
    world.student.is_active = False
    world.student.save(update_fields=["is_active"])
    assert backend().get_user(world.student.pk) is None
    assert backend().get_user(10**9) is None
    assert backend().get_user("not a number") is None


def test_a_signed_in_request_reads_the_person_and_roles_in_one_query(client, world, django_assert_num_queries):
    client.force_login(world.leader)
    request = RequestFactory().get("/")
    request.session = client.session
    with django_assert_num_queries(2):  # the session, then the person with their roles
        user = get_user(request)
        assert user == world.leader and roles_of(user) == Roles(is_leader=True)


def test_a_revoked_leader_grant_takes_effect_on_the_next_request(client, world):
    client.force_login(world.leader)
    url = reverse("placements:leader_dashboard")
    assert client.get(url).status_code == 200
    ProgrammeLeader.objects.filter(user=world.leader).delete()
    assert client.get(url).status_code == 403
