"""Learning goals on any placement: leaders add, reword, remove and copy them from the programme's list;
the supervisor and the student each give a level per goal, shown side by side per evaluation moment."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from core.hooks import GoalMoment
from evaluations import services as evaluations
from evaluations.models import Audience
from placements import services
from placements.models import Assignment, LearningGoal, Placement
from placements.selectors import learning_goal_grids
from programmes.models import ProgrammeGoal
from tests.evaluations.conftest import FINAL, MIDTERM, make_questionnaire, moment
from tests.factories import AssignmentFactory, PlacementFactory, RotationRoundFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _goals(placement) -> list[str]:
    return list(placement.learning_goals.order_by("position", "pk").values_list("description", flat=True))


def _evaluate(world, placement, levels: dict[str, dict], sent_on=date(2026, 11, 20), submit=True, at=FINAL):
    """The supervisor and/or the student fill in their evaluation of `placement` at the programme's moment
    `at` (the final one) with these goal levels (audience -> {goal: level})."""
    programme = placement.assignment.programme
    for audience in levels:
        make_questionnaire(audience, programme=programme, at=at)
    requests = evaluations.evaluation_requests_record(
        placements=[placement],
        moment=moment(programme, at, share=50 if at == MIDTERM else 100),
        sent_on=sent_on,
        audiences=list(levels),
    )
    for request in requests:
        goals = {goal.pk: level for goal, level in levels[request.audience].items()}
        answers = {q.pk: "4" if q.kind == "likert" else (q.choices or [""])[0] for q in request.version.questions.all()}
        evaluations.evaluation_response_save(
            request=request, user=request.respondent, answers=answers, goals=goals, submit=submit, today=sent_on
        )


# --- services ------------------------------------------------------------------------------------


def test_leader_adds_goals_to_group_and_round_placements(world, today):
    student = StudentFactory()
    world.student.student.cohorts.get().students.add(student)
    group = services.placement_group_create(
        students=[world.student.student, student],
        assignment=AssignmentFactory(programme=world.programme, is_group=True, capacity=5),
        start_date=date(2027, 2, 1),
        end_date=date(2027, 4, 30),
        actor=world.leader,
    )
    rotation_round = RotationRoundFactory(cohort=world.student.student.cohorts.get())
    from_round = PlacementFactory(
        assignment=AssignmentFactory(programme=world.programme),
        rotation_round=rotation_round,
        start_date=date(2027, 5, 1),
        end_date=date(2027, 7, 31),
    )
    for placement in [*group, from_round]:
        services.learning_goal_create(placement=placement, description="Samenwerken in een team", actor=world.leader)
        services.learning_goal_create(placement=placement, description="  Presenteren  ", actor=world.leader)
        assert _goals(placement) == ["Samenwerken in een team", "Presenteren"]
    entry = AuditEntry.objects.filter(action="learning_goal.added", object_id=str(from_round.pk)).order_by("pk").last()
    assert entry.changes == {"learning_goal": "Presenteren"} and entry.actor == world.leader


@pytest.mark.parametrize(
    ("description", "message"), [("   ", "Describe the learning goal"), ("Rapporteren", "has this learning goal")]
)
def test_an_empty_or_repeated_goal_is_refused(world, description, message):
    services.learning_goal_create(placement=world.placement, description="Rapporteren", actor=world.leader)
    with pytest.raises(ValidationError, match=message):
        services.learning_goal_create(placement=world.placement, description=description, actor=world.leader)
    assert _goals(world.placement) == ["Rapporteren"]


def test_a_cancelled_placement_gets_no_goals(world):
    Placement.objects.filter(pk=world.placement.pk).update(status=Placement.Status.CANCELLED)
    world.placement.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        services.learning_goal_create(placement=world.placement, description="Rapporteren", actor=world.leader)


def test_standard_goals_are_copied_in_order_once(world):
    first = ProgrammeGoal.objects.create(programme=world.programme, description="Rapporteren", position=2)
    second = ProgrammeGoal.objects.create(programme=world.programme, description="Communiceren", position=1)
    world.placement.learning_goals.create(description="Rapporteren", position=0)
    copied = services.learning_goals_copy(placement=world.placement, goals=[first, second], actor=world.leader)
    assert [g.description for g in copied] == ["Communiceren"]
    assert _goals(world.placement) == ["Rapporteren", "Communiceren"]
    assert services.learning_goals_copy(placement=world.placement, goals=[first, second], actor=world.leader) == []


def test_another_programmes_standard_goal_is_not_copied(world):
    mine = ProgrammeGoal.objects.create(programme=world.programme, description="Rapporteren")
    foreign = ProgrammeGoal.objects.create(programme=world.other_programme, description="Geheim doel")
    with pytest.raises(ValidationError, match="programme"):
        services.learning_goals_copy(placement=world.placement, goals=[mine, foreign], actor=world.leader)
    assert _goals(world.placement) == []


def test_a_goal_is_reworded_but_not_into_another(world):
    goal = services.learning_goal_create(placement=world.placement, description="Rapoerteren", actor=world.leader)
    services.learning_goal_create(placement=world.placement, description="Communiceren", actor=world.leader)
    services.learning_goal_update(goal=goal, description="Rapporteren", actor=world.leader)
    with pytest.raises(ValidationError, match="has this learning goal"):
        services.learning_goal_update(goal=goal, description="Communiceren", actor=world.leader)
    assert _goals(world.placement) == ["Rapporteren", "Communiceren"]
    changed = AuditEntry.objects.get(action="learning_goal.changed")
    assert changed.changes == {"learning_goal": ["Rapoerteren", "Rapporteren"]}


def test_an_assessed_goal_stays_and_an_unassessed_one_goes(world, today):
    assessed = services.learning_goal_create(placement=world.placement, description="Rapporteren", actor=world.leader)
    _evaluate(world, world.placement, {Audience.STUDENT: {assessed: 2}}, submit=False)  # a draft counts too
    loose = services.learning_goal_create(placement=world.placement, description="Communiceren", actor=world.leader)
    services.learning_goal_delete(goal=loose, actor=world.leader)
    with pytest.raises(ValidationError, match="assessed already"):
        services.learning_goal_delete(goal=assessed, actor=world.leader)
    assert _goals(world.placement) == ["Rapporteren"]
    assert AuditEntry.objects.filter(action="learning_goal.removed").count() == 1


def test_deleting_the_placement_takes_its_assessed_goals_along(world, today):
    goal = world.placement.learning_goals.create(description="Rapporteren")
    _evaluate(world, world.placement, {Audience.SUPERVISOR: {goal: 3}})
    world.placement.delete()
    assert not LearningGoal.objects.filter(pk=goal.pk).exists()


# --- the grid: supervisor and student side by side -----------------------------------------------


def test_the_grid_puts_the_supervisors_and_the_students_levels_side_by_side(world, today):
    report, talk = (world.placement.learning_goals.create(description=d, position=i) for i, d in enumerate("AB"))
    _evaluate(
        world,
        world.placement,
        {Audience.SUPERVISOR: {report: 3, talk: 1}, Audience.STUDENT: {report: 2, talk: 2}},
    )
    grid = learning_goal_grids(placement_ids=[world.placement.pk])[world.placement.pk]
    assert grid.moments == [GoalMoment(100, FINAL)]
    assert [(row.goal.description, row.levels) for row in grid.rows] == [
        ("A", [("Good", "Sufficient")]),
        ("B", [("Insufficient", "Sufficient")]),
    ]


def test_the_grid_has_a_column_pair_per_moment_mid_term_before_final(world, today):
    goal = world.placement.learning_goals.create(description="Rapporteren")
    _evaluate(world, world.placement, {Audience.SUPERVISOR: {goal: 3}, Audience.STUDENT: {goal: 2}})
    _evaluate(world, world.placement, {Audience.SUPERVISOR: {goal: 1}, Audience.STUDENT: {goal: 1}}, at=MIDTERM)
    grid = learning_goal_grids(placement_ids=[world.placement.pk])[world.placement.pk]
    assert [m.name for m in grid.moments] == [MIDTERM, FINAL]
    assert grid.rows[0].levels == [("Insufficient", "Insufficient"), ("Good", "Sufficient")]


def test_a_draft_is_not_in_the_grid_and_goals_without_levels_have_no_moments(world, today):
    goal = world.placement.learning_goals.create(description="Rapporteren")
    _evaluate(world, world.placement, {Audience.STUDENT: {goal: 1}}, submit=False)
    grid = learning_goal_grids(placement_ids=[world.placement.pk])[world.placement.pk]
    assert grid.moments == [] and grid.rows[0].levels == []
    assert learning_goal_grids(placement_ids=[world.other_placement.pk]) == {}


@pytest.mark.parametrize("shared", [True, False])
def test_the_student_sees_the_supervisors_levels_where_the_programme_shares_them(world, today, shared):
    world.programme.students_see_supervisor_evaluation = shared
    world.programme.save()
    goal = world.placement.learning_goals.create(description="Rapporteren")
    _evaluate(world, world.placement, {Audience.SUPERVISOR: {goal: 3}, Audience.STUDENT: {goal: 2}})
    grid = learning_goal_grids(placement_ids=[world.placement.pk], for_student=True)[world.placement.pk]
    assert grid.rows[0].levels == [("Good" if shared else "", "Sufficient")]


def test_the_grid_costs_two_queries_whatever_the_number_of_goals_and_placements(
    world, today, django_assert_num_queries
):
    placements = [world.placement]
    Assignment.objects.filter(pk=world.placement.assignment_id).update(capacity=6)
    for size in (1, 6):
        while len(placements) < size:
            placements.append(
                PlacementFactory(assignment=world.placement.assignment, supervisor=world.placement.supervisor)
            )
        for placement in placements:
            goals = [placement.learning_goals.create(description=f"Doel {i}") for i in range(size)]
            if not placement.evaluation_requests.exists():
                levels = {goal: 1 + i % 3 for i, goal in enumerate(goals)}
                _evaluate(world, placement, {Audience.SUPERVISOR: levels, Audience.STUDENT: levels})
        # the goals of the placements; their levels (evaluations.goals: assessments with their requests)
        with django_assert_num_queries(2):
            grids = learning_goal_grids(placement_ids=[p.pk for p in placements])
        assert len(grids) == size


# --- pages ---------------------------------------------------------------------------------------


def _detail(placement) -> str:
    return reverse("placements:placement_detail", args=[placement.public_id])


def test_leader_adds_rewords_copies_and_removes_goals_on_the_page(client, world, today):
    ProgrammeGoal.objects.create(programme=world.programme, description="Communiceren met burgers")
    client.force_login(world.leader)
    page = client.get(_detail(world.placement)).content.decode()
    assert "Communiceren met burgers" in page and "Add learning goal" in page
    public_id = world.placement.public_id
    added = client.post(reverse("placements:learning_goal_create", args=[public_id]), {"description": "Rapporteren"})
    assert added.status_code == 302 and added.url.endswith("#learning-goals")
    goal = world.placement.learning_goals.get()
    edit = reverse("placements:learning_goal_edit", args=[public_id, goal.pk])
    assert client.post(edit, {"description": "Helder rapporteren"}).status_code == 302
    standard = ProgrammeGoal.objects.get()
    copy = reverse("placements:learning_goals_copy", args=[public_id])
    page = client.post(copy, {"goals": [standard.pk]}, follow=True).content.decode()
    assert "1 learning goal copied." in page
    assert _goals(world.placement) == ["Helder rapporteren", "Communiceren met burgers"]
    client.post(reverse("placements:learning_goal_delete", args=[public_id, goal.pk]))
    assert _goals(world.placement) == ["Communiceren met burgers"]


@pytest.mark.parametrize(
    "data", [{"description": ""}, {"description": "x" * 301}, {"description": "Rapporteren"}], ids=str
)
def test_a_bad_goal_is_a_form_error(client, world, data):
    world.placement.learning_goals.create(description="Rapporteren")
    client.force_login(world.leader)
    response = client.post(reverse("placements:learning_goal_create", args=[world.placement.public_id]), data)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert _goals(world.placement) == ["Rapporteren"]


@pytest.mark.parametrize("goals", [["abc"], ["999999"], "foreign", []], ids=str)
def test_copying_a_foreign_or_unknown_goal_is_a_message_not_a_500(client, world, goals):
    if goals == "foreign":
        goals = [ProgrammeGoal.objects.create(programme=world.other_programme, description="Geheim").pk]
    client.force_login(world.leader)
    url = reverse("placements:learning_goals_copy", args=[world.placement.public_id])
    page = client.post(url, {"goals": goals}, follow=True)
    assert page.status_code == 200 and "alert-danger" in page.content.decode()
    assert _goals(world.placement) == []


def test_a_goal_of_another_placement_is_not_found(client, world):
    foreign = world.other_placement.learning_goals.create(description="Geheim")
    client.force_login(world.leader)
    public_id = world.placement.public_id
    assert client.get(reverse("placements:learning_goal_edit", args=[public_id, foreign.pk])).status_code == 404
    assert client.post(reverse("placements:learning_goal_delete", args=[public_id, foreign.pk])).status_code == 404
    assert LearningGoal.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("persona", ["student", "supervisor"])
def test_the_placements_student_and_supervisor_do_not_change_its_goals(client, world, persona):
    goal = world.placement.learning_goals.create(description="Rapporteren")
    client.force_login(getattr(world, persona))
    public_id = world.placement.public_id
    page = client.get(_detail(world.placement)).content.decode()
    assert "Rapporteren" in page and "Add learning goal" not in page
    for url in (
        reverse("placements:learning_goal_create", args=[public_id]),
        reverse("placements:learning_goal_edit", args=[public_id, goal.pk]),
    ):
        assert client.post(url, {"description": "Anders"}).status_code == 403
    assert client.post(reverse("placements:learning_goal_delete", args=[public_id, goal.pk])).status_code == 403
    assert _goals(world.placement) == ["Rapporteren"]


def test_placement_and_student_pages_show_both_levels_side_by_side(client, world, today):
    world.programme.students_see_supervisor_evaluation = True
    world.programme.save()
    goal = world.placement.learning_goals.create(description="Zelfstandig rapporteren")
    _evaluate(world, world.placement, {Audience.SUPERVISOR: {goal: 3}, Audience.STUDENT: {goal: 1}})
    for persona, url in (
        ("supervisor", _detail(world.placement)),
        ("student", reverse("dashboards:student_assignment")),
    ):
        client.force_login(getattr(world, persona))
        page = client.get(url).content.decode()
        row = page.split("Zelfstandig rapporteren</th>")[1].split("</tr>")[0]
        assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["Good", "Insufficient"], persona
        assert "Student (self-assessment)" in page


@pytest.mark.parametrize(("persona", "queries"), [("leader", 12), ("student", 9)])
def test_placement_page_with_goals_and_levels_costs_the_same_at_any_size(
    client, world, today, django_assert_max_num_queries, persona, queries
):
    # session, user, placement with its people, leader check, goals, their levels; the leader's audit
    # entries, whether the programme has standard goals, and those goals for the copy form; the panels of
    # the apps above (hours done, logbook entries, whether the programme needs an internship agreement)
    ContentType.objects.get_for_model(Placement, for_concrete_model=False)
    ProgrammeGoal.objects.create(programme=world.programme, description="Standaard")
    client.force_login(getattr(world, persona))
    sizes = []
    for count in (1, 8):
        for i in range(count):
            world.placement.learning_goals.create(description=f"Doel {count}-{i}")
        levels = dict.fromkeys(world.placement.learning_goals.all(), 2)
        world.placement.evaluation_requests.all().delete()
        _evaluate(world, world.placement, {Audience.SUPERVISOR: levels, Audience.STUDENT: levels})
        with django_assert_max_num_queries(queries):
            sizes.append(len(client.get(_detail(world.placement)).content))
    assert sizes[1] > sizes[0]
