"""The main navigation: what each role finds there, and the signed-in person's own menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEADER_TOOLS = [
    "placements:placement_list",
    "placements:placement_create",
    "rounds:round_list",
    "placements:activity_list",
    "programmes:invitation_create",
    "imports:import_new",
]
OWN_MENU = ["privacy:overview", "account_change_password", "mfa_index", "account_logout"]


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home"), follow=True).content.decode()


def test_a_leader_finds_the_placement_tools_in_one_menu(client, world):
    page = _home(client, world.leader)
    for name in LEADER_TOOLS:
        assert f'class="dropdown-item" href="{reverse(name)}"' in page, name
    assert "navbar-expand-xl" in page  # the longer navigation folds away below 1200 px


@pytest.mark.parametrize("who", ["student", "supervisor"])
def test_students_and_supervisors_see_no_leader_tools(client, world, who):
    page = _home(client, getattr(world, who))
    assert not [name for name in LEADER_TOOLS if f'href="{reverse(name)}"' in page]
    assert "navbar-expand-lg" in page


@pytest.mark.parametrize("who", ["leader", "student", "supervisor"])
def test_everyone_reaches_their_data_password_and_two_factor_settings_from_their_menu(client, world, who):
    user = getattr(world, who)
    header, menu = _home(client, user).split('<ul class="dropdown-menu dropdown-menu-end">')
    assert user.name in header
    for name in OWN_MENU:
        assert reverse(name) in menu, name
