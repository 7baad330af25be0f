"""The language switch in the navigation, and each person's own language after login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch_default(settings):
    settings.LANGUAGE_CODE = "nl"  # the portal's real default; the test settings use English


def _page(client):
    return client.get(reverse("dashboards:student_assignment")).content.decode()


def test_pages_speak_dutch_by_default(client, world, today, dutch_default):
    client.force_login(world.student)
    page = _page(client)
    assert "Mijn opdracht" in page
    assert '<html lang="nl">' in page


def test_switching_to_english_and_back_changes_the_page_and_is_remembered(client, world, today, dutch_default):
    client.force_login(world.student)
    response = client.post(reverse("accounts:language_switch"), {"language": "en", "next": "/student/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/student/"
    page = response.content.decode()
    assert "My assignment" in page
    assert "The language is changed." in page
    world.student.refresh_from_db()
    assert world.student.language == "en"

    client.post(reverse("accounts:language_switch"), {"language": "nl", "next": "/student/"})
    assert "Mijn opdracht" in _page(client)
    world.student.refresh_from_db()
    assert world.student.language == "nl"


def test_an_unknown_language_changes_nothing_and_is_no_error(client, world, today, dutch_default):
    client.force_login(world.student)
    response = client.post(reverse("accounts:language_switch"), {"language": "xx", "next": "/student/"})
    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.language == "nl"
    assert "Mijn opdracht" in _page(client)


def test_the_switch_needs_a_post(client, world):
    client.force_login(world.student)
    assert client.get(reverse("accounts:language_switch")).status_code == 405


def test_the_nav_form_posts_to_the_remembering_switch_when_logged_in(client, world, today):
    client.force_login(world.student)
    assert f'action="{reverse("accounts:language_switch")}"' in _page(client)


def test_the_login_page_offers_the_plain_switch(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page


def _log_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"}, follow=True
    )


def test_login_applies_the_persons_own_language(client, world, today, dutch_default):
    world.student.language = "en"
    world.student.save()
    response = _log_in(client, world.student)
    assert response.redirect_chain[-1][0] == reverse("dashboards:student_assignment")
    assert "My assignment" in response.content.decode()


def test_login_applies_dutch_over_an_english_browser_choice(client, world, today):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert world.student.language == "nl"
    response = _log_in(client, world.student)
    assert "Mijn opdracht" in response.content.decode()


def test_leader_pages_speak_dutch(client, world, today, dutch_default):
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    for dutch in ("Rotatierondes", "Alle plaatsingen", "Activiteiten"):
        assert dutch in page
