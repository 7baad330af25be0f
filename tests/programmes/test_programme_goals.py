"""A leader chooses the scale their programme's learning goals are assessed on and keeps a list of standard
goals to copy onto placements; another programme's list is not found."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from programmes import services
from programmes.goal_scales import GoalScale, levels_of
from programmes.models import ProgrammeGoal

pytestmark = pytest.mark.django_db


def test_each_scale_has_its_levels_and_passing_level():
    assert [label for _value, label in levels_of(GoalScale.SUFFICIENT).choices()] == [
        "Insufficient",
        "Sufficient",
        "Good",
    ]
    assert levels_of(GoalScale.FIVE_POINT).top == 5 and levels_of(GoalScale.FIVE_POINT).passed_from == 3
    assert levels_of(GoalScale.ACHIEVED).label(2) == "Achieved"


def test_leader_sets_the_scale_and_an_unknown_one_is_refused(world):
    services.programme_goal_scale_set(programme=world.programme, scale="five_point", actor=world.leader)
    world.programme.refresh_from_db()
    assert world.programme.goal_scale == "five_point"
    assert AuditEntry.objects.get(action="programme.goal_scale_changed").changes == {
        "goal_scale": ["sufficient", "five_point"]
    }
    with pytest.raises(ValidationError):
        services.programme_goal_scale_set(programme=world.programme, scale="1-10", actor=world.leader)


def test_the_database_knows_only_the_named_scales(world):
    from programmes.models import Programme

    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=world.programme.pk).update(goal_scale="1-10")


def test_standard_goals_are_added_in_order_reworded_and_removed(world):
    first = services.programme_goal_create(programme=world.programme, description="Rapporteren", actor=world.leader)
    services.programme_goal_create(programme=world.programme, description="Communiceren", actor=world.leader)
    with pytest.raises(ValidationError, match="already"):
        services.programme_goal_create(programme=world.programme, description=" Rapporteren ", actor=world.leader)
    services.programme_goal_update(goal=first, description="Helder rapporteren", actor=world.leader)
    assert list(world.programme.standard_goals.values_list("description", flat=True)) == [
        "Helder rapporteren",
        "Communiceren",
    ]
    services.programme_goal_delete(goal=first, actor=world.leader)
    assert world.programme.standard_goals.count() == 1
    actions = AuditEntry.objects.filter(action__startswith="programme_goal.").values_list("action", flat=True)
    assert sorted(actions) == sorted(
        ["programme_goal.created"] * 2 + ["programme_goal.updated", "programme_goal.deleted"]
    )


def test_leader_keeps_the_list_and_the_scale_on_the_page(client, world):
    client.force_login(world.leader)
    url = reverse("programmes:programme_goals", args=[world.programme.pk])
    assert client.post(url, {"add": "1", "description": "Communiceren met burgers"}).status_code == 302
    assert client.post(url, {"scale": "1", "goal_scale": "achieved"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Communiceren met burgers" in page
    world.programme.refresh_from_db()
    assert world.programme.goal_scale == "achieved"
    goal = ProgrammeGoal.objects.get()
    edit = reverse("programmes:programme_goal_edit", args=[goal.pk])
    assert client.post(edit, {"description": "Communiceren"}).status_code == 302
    assert client.post(reverse("programmes:programme_goal_delete", args=[goal.pk])).status_code == 302
    assert not ProgrammeGoal.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"scale": "1", "goal_scale": "1-10"},
        {"add": "1", "description": ""},
        {"add": "1", "description": "x" * 301},
        {"add": "1", "description": "Rapporteren"},
    ],
    ids=str,
)
def test_bad_input_is_a_form_error(client, world, data):
    ProgrammeGoal.objects.create(programme=world.programme, description="Rapporteren")
    client.force_login(world.leader)
    response = client.post(reverse("programmes:programme_goals", args=[world.programme.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and ("invalid-feedback" in page or "alert-danger" in page)
    assert ProgrammeGoal.objects.count() == 1
    world.programme.refresh_from_db()
    assert world.programme.goal_scale == "sufficient"


def test_another_programmes_list_is_not_found(client, world):
    foreign = ProgrammeGoal.objects.create(programme=world.other_programme, description="Geheim")
    client.force_login(world.leader)
    assert client.get(reverse("programmes:programme_goals", args=[world.other_programme.pk])).status_code == 404
    assert (
        client.post(reverse("programmes:programme_goal_edit", args=[foreign.pk]), {"description": "x"}).status_code
        == 404
    )
    assert client.post(reverse("programmes:programme_goal_delete", args=[foreign.pk])).status_code == 404
    assert ProgrammeGoal.objects.get(pk=foreign.pk).description == "Geheim"
