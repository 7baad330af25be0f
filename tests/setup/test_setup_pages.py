"""A project leader sets up their programme in the portal, without the admin: each rule is refused on the
page with its message, and another programme's set-up stays out of reach (404)."""

from datetime import date

import pytest
from django.urls import reverse

from organisations.models import Unit
from placements.models import Assignment
from programmes.access import programmes_for_user
from programmes.models import Cohort, Programme, RotationRound
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    OrganisationFactory,
    RotationRoundFactory,
    StudentFactory,
    SupervisorFactory,
    UnitFactory,
)


def _setup_url(programme):
    return reverse("placements:programme_setup", kwargs={"programme_pk": programme.pk})


def test_the_leader_finds_the_set_up_from_the_menu_and_the_dashboard(client, world):
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert reverse("programmes:setup_index") in page
    assert _setup_url(world.programme) in page
    index = client.get(reverse("programmes:setup_index")).content.decode()
    assert _setup_url(world.programme) in index and _setup_url(world.other_programme) not in index


def test_a_leader_creates_a_programme_and_leads_it(client, world):
    client.force_login(world.leader)
    organisation = OrganisationFactory(name="Eenheid Rotterdam")
    response = client.post(
        reverse("programmes:programme_create"),
        {
            "name": "Pilot Rotterdam",
            "kind": Programme.Kind.WORK_STUDENT,
            "organisation": organisation.pk,
            "start_date": "2027-02-01",
            "end_date": "2029-01-31",
            "rotation_length": 6,
            "rotation_length_unit": Programme.LengthUnit.MONTHS,
            "funding": "SAOP",
        },
    )
    programme = Programme.objects.get(name="Pilot Rotterdam")
    assert response.status_code == 302 and response.url == _setup_url(programme)
    assert programme in programmes_for_user(world.leader)
    assert programme not in programmes_for_user(world.other_leader)


def test_a_programme_ending_before_it_starts_is_refused_on_the_page(client, world):
    client.force_login(world.leader)
    data = {
        "name": world.programme.name,
        "kind": world.programme.kind,
        "organisation": world.programme.organisation_id,
        "start_date": "2026-02-01",
        "end_date": "2025-01-31",
        "rotation_length": 6,
        "rotation_length_unit": "months",
    }
    url = reverse("programmes:programme_edit", kwargs={"programme_pk": world.programme.pk})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()
    world.programme.refresh_from_db()
    assert world.programme.end_date == date(2028, 1, 31)


def test_a_cohort_is_made_with_members_from_the_students_in_scope(client, world):
    client.force_login(world.leader)
    url = reverse("programmes:cohort_create", kwargs={"programme_pk": world.programme.pk})
    page = client.get(url).content.decode()
    assert world.student.name in page and world.other_student.name not in page
    outsider = world.other_student.student
    refused = client.post(url, {"name": "Lichting september", "start_date": "2026-09-01", "students": [outsider.pk]})
    assert refused.status_code == 200 and not Cohort.objects.filter(name="Lichting september").exists()
    data = {"name": "Lichting september", "start_date": "2026-09-01", "students": [world.student.student.pk]}
    assert client.post(url, data).status_code == 302
    cohort = Cohort.objects.get(name="Lichting september")
    assert list(cohort.students.all()) == [world.student.student]


def test_a_parent_unit_of_another_organisation_is_refused_on_the_page(client, world):
    """The programme's units come from two organisations (its own, and its assignment's unit's)."""
    client.force_login(world.leader)
    own_unit = UnitFactory(organisation=world.programme.organisation)
    foreign_parent = world.placement.assignment.unit  # another organisation of the programme
    url = reverse("programmes:unit_create", kwargs={"programme_pk": world.programme.pk})
    data = {"organisation": own_unit.organisation_id, "name": "Team Zuid", "parent": foreign_parent.pk}
    response = client.post(url, data)
    assert "The parent unit belongs to another organisation." in response.content.decode()
    assert not Unit.objects.filter(name="Team Zuid").exists()
    assert client.post(url, data | {"parent": own_unit.pk}).status_code == 302
    assert Unit.objects.get(name="Team Zuid").parent == own_unit


def test_a_cycle_is_refused_on_the_page(client, world):
    client.force_login(world.leader)
    top = UnitFactory(organisation=world.programme.organisation, name="Eenheid")
    child = UnitFactory(organisation=top.organisation, name="District", parent=top)
    url = reverse("programmes:unit_edit", kwargs={"programme_pk": world.programme.pk, "pk": top.pk})
    response = client.post(url, {"organisation": top.organisation_id, "name": "Eenheid", "parent": child.pk})
    assert "under one of its own sub-units" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_a_unit_of_another_programme_is_not_found_through_ones_own_programme(client, world):
    client.force_login(world.leader)
    foreign = world.other_placement.assignment.unit
    url = reverse("programmes:unit_edit", kwargs={"programme_pk": world.programme.pk, "pk": foreign.pk})
    assert client.get(url).status_code == 404


def _assignment_data(unit, **extra):
    return {"unit": unit.pk, "title": "Data-analyse", "capacity": 2, "min_capacity": 1, "is_active": "on"} | extra


def test_an_assignment_with_backgrounds_levels_and_a_supervisor_is_created(client, world):
    client.force_login(world.leader)
    unit = world.placement.assignment.unit
    url = reverse("placements:assignment_create", kwargs={"programme_pk": world.programme.pk})
    data = _assignment_data(
        unit,
        wanted_backgrounds="data, recht",
        wanted_levels=["hbo", "wo"],
        default_supervisor=world.supervisor.supervisor.pk,
    )
    assert client.post(url, data).status_code == 302
    assignment = Assignment.objects.get(title="Data-analyse")
    assert (assignment.wanted_backgrounds, assignment.wanted_levels) == (["data", "recht"], ["hbo", "wo"])
    assert assignment.default_supervisor == world.supervisor.supervisor
    page = client.get(_setup_url(world.programme)).content.decode()
    assert "data, recht" in page and "HBO, WO (university)" in page


def test_a_supervisor_of_another_organisation_is_refused_on_the_page(client, world):
    """Both are people of the programme's organisations, but not of the chosen unit's."""
    client.force_login(world.leader)
    own_unit = UnitFactory(organisation=world.programme.organisation)
    url = reverse("placements:assignment_create", kwargs={"programme_pk": world.programme.pk})
    data = _assignment_data(own_unit, default_supervisor=world.supervisor.supervisor.pk)
    response = client.post(url, data)
    assert "does not work at" in response.content.decode()
    assert not Assignment.objects.filter(title="Data-analyse").exists()
    stranger = SupervisorFactory()
    stranger.units.add(UnitFactory())  # of no organisation of the programme: not even a choice
    response = client.post(url, _assignment_data(own_unit, default_supervisor=stranger.pk))
    assert "Select a valid choice" in response.content.decode()


def test_an_assignment_of_another_programme_is_not_found(client, world):
    client.force_login(world.leader)
    url = reverse("placements:assignment_edit", kwargs={"pk": world.other_placement.assignment_id})
    assert client.get(url).status_code == 404
    own = reverse("placements:assignment_edit", kwargs={"pk": world.placement.assignment_id})
    assert client.get(own).status_code == 200


def test_rounds_are_proposed_then_edited_and_an_overlap_is_refused(client, world):
    client.force_login(world.leader)
    cohort = world.student.student.cohorts.get()  # starts 2026-02-01; the programme ends 2028-01-31
    url = reverse("rounds:rounds_propose", kwargs={"pk": cohort.pk})
    page = client.get(url).content.decode()
    assert page.count("<tr><td>Round") == 4
    assert client.post(url, {"count": 4}).status_code == 302
    first, second, *_rest = cohort.rotation_rounds.order_by("start_date")
    assert (first.start_date, first.end_date) == (date(2026, 2, 1), date(2026, 7, 31))
    edit = reverse("rounds:round_edit", kwargs={"pk": second.pk})
    overlapping = {"name": second.name, "start_date": "2026-06-15", "end_date": "2027-01-31"}
    response = client.post(edit, overlapping)
    assert "overlaps round" in response.content.decode()
    second.refresh_from_db()
    assert second.start_date == date(2026, 8, 1)
    assert client.post(edit, overlapping | {"start_date": "2026-08-03"}).status_code == 302


def test_a_six_week_round_inside_another_is_refused_on_the_new_round_page(client, world):
    client.force_login(world.leader)
    cohort = world.student.student.cohorts.get()
    RotationRoundFactory(cohort=cohort, name="Ronde 1", start_date=date(2027, 2, 1), end_date=date(2027, 7, 31))
    data = {"cohort": cohort.pk, "name": "Zes weken", "start_date": "2027-03-01", "end_date": "2027-04-11"}
    response = client.post(reverse("rounds:round_create"), data)
    assert "overlaps round Ronde 1" in response.content.decode()
    assert not RotationRound.objects.filter(name="Zes weken").exists()


def test_another_programmes_set_up_is_not_found(client, world):
    client.force_login(world.leader)
    other = world.other_programme
    other_cohort = world.other_student.student.cohorts.get()
    for url in (
        _setup_url(other),
        reverse("programmes:programme_edit", kwargs={"programme_pk": other.pk}),
        reverse("programmes:cohort_create", kwargs={"programme_pk": other.pk}),
        reverse("programmes:cohort_edit", kwargs={"pk": other_cohort.pk}),
        reverse("rounds:rounds_propose", kwargs={"pk": other_cohort.pk}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Overgenomen"}).status_code == 404, url
    assert other_cohort.name != "Overgenomen" and not other_cohort.rotation_rounds.exists()


def _grow(programme, n):
    """n more cohorts (each with a round and a student), units (in a tree) and assignments."""
    parent = None
    for index in range(n):
        cohort = CohortFactory(programme=programme, students=[StudentFactory()])
        RotationRoundFactory(cohort=cohort)
        parent = UnitFactory(organisation=programme.organisation, parent=parent)
        supervisor = SupervisorFactory()
        supervisor.units.add(parent)
        AssignmentFactory(
            programme=programme, unit=parent, default_supervisor=supervisor, title=f"Set-up-opdracht {index}"
        )


@pytest.mark.parametrize("n", [1, 6])
def test_the_set_up_page_costs_the_same_for_many_rows(client, world, django_assert_max_num_queries, n):
    _grow(world.programme, n)
    client.force_login(world.leader)
    # session, user, roles, programme (scope), cohorts with counts, their rounds, units, assignments
    with django_assert_max_num_queries(8):
        response = client.get(_setup_url(world.programme))
    assert response.content.decode().count("<td>Set-up-opdracht ") == n


@pytest.mark.parametrize("n", [1, 6])
def test_the_set_up_index_costs_the_same_for_many_programmes(client, world, django_assert_max_num_queries, n):
    from programmes.models import ProgrammeLeader
    from tests.factories import ProgrammeFactory

    for _ in range(n):
        ProgrammeLeader.objects.create(programme=ProgrammeFactory(), user=world.leader)
    client.force_login(world.leader)
    # session, user, roles, the programmes with their organisations
    with django_assert_max_num_queries(4):
        client.get(reverse("programmes:setup_index"))


@pytest.mark.parametrize("n", [1, 8])
def test_the_cohort_page_lists_its_students_in_one_query(client, world, django_assert_max_num_queries, n):
    cohort = world.student.student.cohorts.get()
    cohort.students.add(*[StudentFactory() for _ in range(n)])
    client.force_login(world.leader)
    # session, user, roles, the cohort (scope), its members' ids, the students in scope with their users
    with django_assert_max_num_queries(6):
        response = client.get(reverse("programmes:cohort_edit", kwargs={"pk": cohort.pk}))
    assert response.content.decode().count('name="students"') == n + 1
