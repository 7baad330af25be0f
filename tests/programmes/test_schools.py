"""Schools take part in programmes; a student's school is an organisation; a school supervisor follows their
own school's students in those programmes, and nobody else's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from placements.access import placement_get_for_user, placements_for_user
from programmes import services
from programmes.access import students_for_user
from programmes.models import ProgrammeSchool
from programmes.roles import roles_of
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    PlacementFactory,
    SchoolFactory,
    SchoolSupervisorFactory,
    StudentFactory,
)


def test_school_supervisor_and_sbb_adviser_roles_are_read_in_the_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        school = roles_of(world.school_supervisor)
    with django_assert_num_queries(1):
        adviser = roles_of(world.sbb_adviser)
    assert school.is_school_supervisor and not school.is_sbb_adviser and not school.leads and school.any
    assert adviser.is_sbb_adviser and not adviser.is_school_supervisor and not adviser.leads and adviser.any
    assert school.school_supervisor_id == world.school_supervisor.school_supervisor.pk


def test_school_supervisor_sees_their_schools_student_only(world):
    visible = set(placements_for_user(world.school_supervisor))
    assert visible == {world.placement}
    assert placement_get_for_user(user=world.school_supervisor, public_id=world.placement.public_id)
    assert set(students_for_user(world.school_supervisor)) == {world.student.student}
    assert set(placements_for_user(world.other_school_supervisor)) == {world.other_placement}
    assert not placements_for_user(world.sbb_adviser).exists()  # names and counts only, on their own page


def test_a_student_of_the_school_in_a_programme_the_school_does_not_join_stays_hidden(world):
    """Same school, but the other programme: the school does not take part there."""
    student = world.student.student
    foreign = PlacementFactory(
        student=student, assignment=world.other_placement.assignment, start_date="2027-02-01", end_date="2027-03-01"
    )
    assert foreign not in placements_for_user(world.school_supervisor)
    ProgrammeSchool.objects.create(programme=world.other_programme, school=student.school)
    assert foreign in placements_for_user(world.school_supervisor)


def test_removing_the_school_from_the_programme_ends_the_view(world):
    link = ProgrammeSchool.objects.get(programme=world.programme)
    services.programme_school_remove(link=link, actor=world.leader)
    assert not placements_for_user(world.school_supervisor).exists()
    assert not students_for_user(world.school_supervisor).exists()
    assert AuditEntry.objects.filter(action="programme_school.removed", actor=world.leader).exists()


def test_only_a_school_takes_part_and_only_once(world):
    with pytest.raises(ValidationError, match="not a school"):
        services.programme_school_add(programme=world.programme, school=OrganisationFactory(), actor=world.leader)
    school = world.student.student.school
    with pytest.raises(ValidationError, match="takes part already"):
        services.programme_school_add(programme=world.programme, school=school, actor=world.leader)


def test_a_students_school_supervisor_is_a_person_of_the_students_school(world):
    student = world.student.student
    stranger = SchoolSupervisorFactory()  # of a school of its own
    with pytest.raises(ValidationError, match="another school"):
        services.student_school_set(
            student=student, programme=world.programme, school=student.school, school_supervisor=stranger, actor=None
        )
    outsider = SchoolFactory()
    with pytest.raises(ValidationError, match="does not take part"):
        services.student_school_set(
            student=student, programme=world.programme, school=outsider, school_supervisor=None, actor=None
        )
    student.refresh_from_db()
    assert student.school_supervisor.user == world.school_supervisor  # nothing changed


def test_leader_adds_a_school_and_links_a_student_to_it(client, world):
    client.force_login(world.leader)
    school = SchoolFactory(name="Helicon MBO Nijmegen")
    url = reverse("programmes:programme_schools", args=[world.programme.pk])
    response = client.post(url, {"school": school.pk}, follow=True)
    assert "Helicon MBO Nijmegen takes part in the programme." in response.content.decode()
    supervisor = SchoolSupervisorFactory(school=school)
    newcomer = StudentFactory()
    CohortFactory(programme=world.programme, students=[newcomer])
    form_url = reverse("programmes:student_school", args=[world.programme.pk, newcomer.pk])
    page = client.get(form_url).content.decode()
    assert "Helicon MBO Nijmegen" in page and world.other_student.student.school.name not in page  # the programme's
    response = client.post(form_url, {"school": school.pk, "school_supervisor": supervisor.pk}, follow=True)
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert (newcomer.school, newcomer.school_supervisor) == (school, supervisor)
    entry = AuditEntry.objects.get(action="student.school_changed")
    assert entry.actor == world.leader
    assert newcomer in students_for_user(supervisor.user)


def test_a_school_supervisor_of_another_school_is_a_form_error(client, world):
    client.force_login(world.leader)
    student = world.student.student
    other = SchoolSupervisorFactory()
    ProgrammeSchool.objects.create(programme=world.programme, school=other.school)
    url = reverse("programmes:student_school", args=[world.programme.pk, student.pk])
    response = client.post(url, {"school": student.school_id, "school_supervisor": other.pk})
    assert response.status_code == 200
    assert "Choose a school supervisor of the student&#x27;s school." in response.content.decode()


def test_the_invitation_offers_only_the_schools_of_the_leaders_programmes(client, world):
    client.force_login(world.leader)
    page = client.get(reverse("programmes:invitation_create")).content.decode()
    assert world.student.student.school.name in page
    assert world.other_student.student.school.name not in page


def test_the_schools_page_takes_the_same_queries_for_more_students(client, world, django_assert_max_num_queries):
    client.force_login(world.leader)
    url = reverse("programmes:programme_schools", args=[world.programme.pk])
    client.get(url)
    # user, roles, programme, school links, student count, the form's school choices, student page
    with django_assert_max_num_queries(7) as small:
        client.get(url)
    cohort = world.programme.cohorts.get()
    for _ in range(20):
        cohort.students.add(StudentFactory(school=world.student.student.school))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_inviting_a_student_with_a_school_of_another_programme_is_a_form_error(client, world):
    from programmes.models import ProgrammeLeader

    ProgrammeLeader.objects.create(programme=world.other_programme, user=world.leader)
    client.force_login(world.leader)
    data = {
        "name": "Noor",
        "email": "noor@example.nl",
        "role": "student",
        "cohort": world.programme.cohorts.get().pk,
        "school": world.other_student.student.school_id,  # takes part in the other programme only
    }
    response = client.post(reverse("programmes:invitation_create"), data)
    assert "This school does not take part in the cohort&#x27;s programme." in response.content.decode()
    assert not StudentFactory._meta.model.objects.filter(user__email="noor@example.nl").exists()
