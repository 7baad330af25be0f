"""Placing by hand follows the rules a round follows: the rotation rule (no return to a unit done in the
programme, nor to a unit under it, unless the leader says why), the supervisor of the assignment's
organisation, the documents gate (VOG); and the form says what it offers: "Unit – title", "Name (cohort)"."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from core.forms import EMPTY_CHOICE
from documents.models import DocumentRequirement
from placements import services
from placements.access import supervisors_for_user
from placements.forms import PlacementForm, assignment_labels
from placements.models import Assignment, Placement
from placements.selectors import units_done
from programmes.access import programmes_for_user
from programmes.models import Programme

from ..documents.conftest import approve, requirement
from ..factories import (
    AssignmentFactory,
    CohortFactory,
    OrganisationFactory,
    PlacementFactory,
    StudentFactory,
    SupervisorFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

NEXT = {"start_date": date(2027, 2, 1), "end_date": date(2027, 7, 31)}


def _posted(student, assignment, **more) -> dict:
    """The placement form's fields for the student on the assignment in the NEXT period."""
    return {
        "student": student.pk,
        "assignment": assignment.pk,
        "start_date": "2027-02-01",
        "end_date": "2027-07-31",
    } | more


@pytest.fixture
def tree(world):
    """The world's unit (done by the world's student) with a team under it and one under that, and a
    unit above it; an assignment of the programme at each."""
    done = world.placement.assignment.unit
    team = UnitFactory(organisation=done.organisation, parent=done, name="Team Noord")
    squad = UnitFactory(organisation=done.organisation, parent=team, name="Ploeg 1")
    above = UnitFactory(organisation=done.organisation, name="District")
    done.parent = above
    done.save()
    at = {
        name: AssignmentFactory(programme=world.programme, unit=unit, capacity=10)
        for name, unit in (("done", done), ("team", team), ("squad", squad), ("above", above))
    }
    return at


# --- the one source: units done ---------------------------------------------------------------------


def test_units_done_are_the_units_of_live_placements_in_the_programme_and_every_unit_under_them(world, tree):
    student = world.placement.student
    elsewhere = AssignmentFactory()  # another programme: does not count
    PlacementFactory(student=student, assignment=elsewhere, start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))
    cancelled = PlacementFactory(
        student=student, assignment=tree["above"], status=Placement.Status.CANCELLED, **NEXT
    )  # a cancelled placement was never done
    done = units_done(programme_id=world.programme.pk, students=[student.pk, StudentFactory().pk])
    assert done == {
        student.pk: {tree["done"].unit_id, tree["team"].unit_id, tree["squad"].unit_id},
    }
    assert cancelled.assignment.unit_id not in done[student.pk]


def test_units_done_for_a_whole_cohort_cost_two_queries(world, tree, django_assert_num_queries):
    cohort = world.placement.student.cohorts.get()
    for student in StudentFactory.create_batch(6):
        cohort.students.add(student)
        PlacementFactory(
            student=student, assignment=tree["team"], start_date=date(2025, 1, 1), end_date=date(2025, 6, 1)
        )
    with django_assert_num_queries(2):  # the units of the placements; the sub-units in their organisations
        done = units_done(programme_id=world.programme.pk, students=cohort.students.all())
    assert len(done) == 7


# --- manual placing: the rotation rule ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["done", "team", "squad"])
def test_a_unit_done_or_one_under_it_is_refused_without_a_reason(world, tree, where):
    with pytest.raises(ValidationError) as exc:
        services.placement_create(student=world.placement.student, assignment=tree[where], actor=world.leader, **NEXT)
    assert exc.value.code == "unit_done"
    assert not Placement.objects.filter(assignment=tree[where]).exists()


def test_the_unit_above_the_one_done_is_new(world, tree):
    placement = services.placement_create(student=world.placement.student, assignment=tree["above"], **NEXT)
    assert placement.pk


def test_a_leader_overrides_the_rotation_rule_with_a_reason_recorded_in_the_audit_trail(world, tree):
    reason = "Vervolgopdracht op verzoek van de eenheid"
    placement = services.placement_create(
        student=world.placement.student,
        assignment=tree["team"],
        rotation_override_reason=f"  {reason} ",
        actor=world.leader,
        **NEXT,
    )
    entry = AuditEntry.objects.get(action="placement.rotation_rule_overridden", object_id=str(placement.pk))
    assert entry.actor == world.leader
    assert entry.changes == {"unit": str(tree["team"].unit), "reason": reason}


def test_a_blank_reason_is_no_reason(world, tree):
    with pytest.raises(ValidationError):
        services.placement_create(
            student=world.placement.student, assignment=tree["done"], rotation_override_reason="   ", **NEXT
        )


def test_exchange_visits_do_not_rotate(world):
    world.programme.kind = Programme.Kind.EXCHANGE
    world.programme.save()
    again = services.placement_create(
        student=world.placement.student,
        assignment=world.placement.assignment,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 1),
    )
    assert again.pk


# --- manual placing: supervisor and documents ---------------------------------------------------------


def test_the_service_refuses_a_supervisor_of_another_organisation(world):
    foreign = SupervisorFactory()
    foreign.units.add(UnitFactory())
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            student=StudentFactory(), assignment=world.placement.assignment, supervisor=foreign, **NEXT
        )
    assert exc.value.code == "supervisor_organisation"
    colleague = SupervisorFactory()  # another unit of the same organisation will do
    colleague.units.add(UnitFactory(organisation=world.placement.assignment.unit.organisation))
    placement = services.placement_create(
        student=StudentFactory(), assignment=world.placement.assignment, supervisor=colleague, **NEXT
    )
    assert placement.supervisor == colleague


def test_manual_placing_asks_the_documents_gate_like_publishing_a_round(world):
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    student = StudentFactory()
    assignment = AssignmentFactory(programme=world.programme, unit=world.placement.assignment.unit)
    with pytest.raises(ValidationError) as exc:
        services.placement_create(student=student, assignment=assignment, **NEXT)
    assert exc.value.code == "documents"
    assert "VOG" in exc.value.messages[0]
    approve(student, vog)
    assert services.placement_create(student=student, assignment=assignment, **NEXT).pk


# --- the form ------------------------------------------------------------------------------------------


def test_assignment_labels_are_unit_and_title_ordered_and_never_twice():
    north = UnitFactory(name="Noord")
    other_north = UnitFactory(name="Noord")  # the same name in another organisation
    a = AssignmentFactory(unit=north, title="Wijkagent")
    b = AssignmentFactory(unit=north, title="Wijkagent")
    c = AssignmentFactory(unit=other_north, title="Wijkagent")
    d = AssignmentFactory(unit=UnitFactory(name="Centrum"), title="Recherche")
    labels = dict(assignment_labels(Assignment.objects.select_related("unit__organisation")))
    assert labels[d.pk] == "Centrum – Recherche"
    assert labels[a.pk] == f"Noord – Wijkagent ({north.organisation.name})"
    assert labels[b.pk] == f"Noord – Wijkagent ({north.organisation.name}) (2)"
    assert labels[c.pk] == f"Noord – Wijkagent ({other_north.organisation.name})"
    assert [pk for pk, _label in assignment_labels(Assignment.objects.all())] == [d.pk, a.pk, b.pk, c.pk]


def test_the_form_shows_students_with_their_cohort_and_supervisors_by_organisation(client, world):
    student = world.placement.student
    cohort = student.cohorts.get()
    CohortFactory(programme=world.programme, name="Lichting september", students=[student])
    client.force_login(world.leader)
    response = client.get(reverse("placements:placement_create"))
    form = response.context["form"]
    students = dict(form.fields["student"].choices)
    assert students[student.pk] == f"{student.user.name} ({cohort.name}, Lichting september)"
    organisation = world.placement.assignment.unit.organisation.name
    supervisors = dict(form.fields["supervisor"].choices)
    assert dict(supervisors[organisation]) == {world.supervisor.supervisor.pk: world.supervisor.name}
    unit, title = world.placement.assignment.unit.name, world.placement.assignment.title
    assert f"{unit} – {title}" in response.content.decode()


def test_the_form_refuses_a_supervisor_of_another_organisation_than_the_assignments(world):
    """The supervisor of another organisation the leader's programmes work with is offered (under that
    organisation) but refused for this assignment, on the supervisor field."""
    other_unit = AssignmentFactory(programme=world.programme, unit=UnitFactory(organisation=OrganisationFactory()))
    stranger = SupervisorFactory()
    stranger.units.add(other_unit.unit)
    data = _posted(world.placement.student, world.placement.assignment, supervisor=stranger.pk)
    form = PlacementForm(
        data, programmes=programmes_for_user(world.leader), supervisors=supervisors_for_user(world.leader)
    )
    assert not form.is_valid()
    assert "does not work in the organisation" in form.errors["supervisor"][0]


def test_the_page_asks_for_a_reason_to_return_to_a_unit_and_places_with_one(client, world, tree):
    client.force_login(world.leader)
    data = _posted(world.placement.student, tree["squad"])
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 200
    assert "already done this unit" in response.context["form"].errors["rotation_override_reason"][0]
    response = client.post(
        reverse("placements:placement_create"), {**data, "rotation_override_reason": "Specialisatie"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="placement.rotation_rule_overridden").count() == 1


def test_the_page_tells_a_student_without_a_vog_cannot_start(client, world):
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    student = StudentFactory()
    world.placement.student.cohorts.get().students.add(student)
    client.force_login(world.leader)
    data = _posted(student, world.placement.assignment)
    response = client.post(reverse("placements:placement_create"), data)
    assert response.status_code == 200
    assert "cannot start yet" in response.content.decode()
    assert not Placement.objects.filter(student=student).exists()


def test_the_group_form_applies_the_same_rules(client, world, tree):
    """Two students of the cohort on the team under the unit one of them did: refused as a whole until
    the leader gives the reason."""
    cohort = world.placement.student.cohorts.get()
    newcomer = StudentFactory()
    cohort.students.add(newcomer)
    client.force_login(world.leader)
    data = _posted(world.placement.student, tree["team"], cohort=cohort.pk)
    data["students"] = [data.pop("student"), newcomer.pk]
    response = client.post(reverse("placements:placement_group_create"), data)
    assert response.status_code == 200
    assert "Nobody was placed" in response.context["form"].errors["rotation_override_reason"][0]
    assert not Placement.objects.filter(assignment=tree["team"]).exists()
    response = client.post(
        reverse("placements:placement_group_create"), {**data, "rotation_override_reason": "Projectgroep"}
    )
    assert response.status_code == 302
    assert Placement.objects.filter(assignment=tree["team"]).count() == 2


def test_choosing_the_assignment_narrows_the_supervisors_to_its_organisation(client, world):
    """The assignment's select asks the page again (htmx) with the chosen assignment: the supervisor list
    then holds the people of that assignment's organisation only."""
    elsewhere = AssignmentFactory(programme=world.programme, unit=UnitFactory())
    stranger = SupervisorFactory()
    stranger.units.add(elsewhere.unit)
    client.force_login(world.leader)
    url = reverse("placements:placement_create")
    everyone = dict(client.get(url).context["form"].fields["supervisor"].choices)
    assert set(everyone) >= {"", world.placement.assignment.unit.organisation.name, elsewhere.unit.organisation.name}
    response = client.get(url, {"assignment": world.placement.assignment.pk})
    narrowed = dict(response.context["form"].fields["supervisor"].choices)
    assert narrowed == {
        "": EMPTY_CHOICE,
        world.placement.assignment.unit.organisation.name: [(world.supervisor.supervisor.pk, world.supervisor.name)],
    }
    page = response.content.decode()
    assert 'hx-select="#div_id_supervisor"' in page and 'id="div_id_supervisor"' in page


@pytest.mark.parametrize("extra", [0, 8])
def test_the_placement_form_page_takes_the_same_queries_for_more_students_and_supervisors(
    client, world, extra, django_assert_max_num_queries
):
    cohort = world.placement.student.cohorts.get()
    for _ in range(extra):
        cohort.students.add(StudentFactory())
        supervisor = SupervisorFactory()
        supervisor.units.add(AssignmentFactory(programme=world.programme).unit)
    client.force_login(world.leader)
    # session, the person with roles, the students (of the programmes led: a subquery), their cohorts, the
    # assignments with their units and organisations, the supervisors, their units, the units' organisations
    with django_assert_max_num_queries(8):
        assert client.get(reverse("placements:placement_create")).status_code == 200
