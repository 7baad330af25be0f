"""Each person's private iCal feed: the right events, parseable, and a link that can be renewed."""

from datetime import date

import icalendar
import pytest
from django.urls import reverse

from programmes.models import RotationRound
from tests.factories import RotationRoundFactory


def _feed(client, user, language="en"):
    """The person's feed, in their language (English here unless asked, whatever the calendar app sends)."""
    type(user).objects.filter(pk=user.pk).update(language=language)
    return client.get(reverse("accounts:calendar_feed", args=[user.calendar_token]))


def _events(response):
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_students_feed_holds_placement_rounds_and_activities(client, world):
    from placements.models import Activity, Attendance

    student = world.student.student
    RotationRoundFactory(
        cohort=student.cohorts.get(),
        name="Ronde 2",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        state=RotationRound.State.PREFERENCES_OPEN,
    )
    RotationRoundFactory(  # a draft: the leader's work in progress, in no feed
        cohort=student.cohorts.get(), name="Ronde 3", start_date=date(2027, 8, 1), end_date=date(2028, 1, 31)
    )
    activity = Activity.objects.create(
        programme=world.programme, title="IBT", date=date(2026, 12, 3), location="Ypenburg"
    )
    Attendance.objects.create(activity=activity, student=student)
    response = _feed(client, world.student)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    placement = events[f"Placement: {world.placement.assignment.title}"]
    assert placement.decoded("dtstart") == date(2026, 8, 1)
    assert placement.decoded("dtend") == date(2027, 2, 1)  # exclusive end of an all-day event
    assert "Rotation: Ronde 2" in events
    assert not any("Ronde 3" in s for s in events)
    assert str(events["IBT"]["location"]) == "Ypenburg"
    assert not any(world.other_placement.assignment.title in s for s in events)


def test_the_feed_speaks_the_persons_language_not_the_calendar_apps(client, world):
    response = client.get(
        reverse("accounts:calendar_feed", args=[world.student.calendar_token]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert world.student.language == "nl"
    assert f"Plaatsing: {world.placement.assignment.title}" in _events(response)
    assert f"Placement: {world.placement.assignment.title}" in _events(_feed(client, world.student, "en"))


def test_supervisors_feed_holds_their_students_placement_periods(client, world):
    events = _events(_feed(client, world.supervisor))
    assert f"Intern: {world.student.name}" in events
    assert f"Intern: {world.other_student.name}" not in events


def test_leaders_feed_holds_their_rounds_deadlines_and_activities_but_no_draft(client, world):
    from placements.models import Activity

    cohort = world.student.student.cohorts.get()
    shown = RotationRoundFactory(
        cohort=cohort,
        name="Ronde 2",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        preferences_deadline=date(2027, 1, 10),
        state=RotationRound.State.PREFERENCES_OPEN,
    )
    RotationRoundFactory(cohort=cohort, name="Concept", start_date=date(2027, 8, 1), end_date=date(2028, 1, 31))
    Activity.objects.create(programme=world.programme, title="Intervisie", date=date(2027, 1, 14))
    Activity.objects.create(programme=world.other_programme, title="Elders", date=date(2027, 1, 14))
    events = _events(_feed(client, world.leader))
    assert f"Rotation {cohort}: Ronde 2" in events
    deadline = events[f"Preferences deadline: {cohort} – Ronde 2"]
    assert deadline.decoded("dtstart") == shown.preferences_deadline
    assert "Intervisie" in events
    assert "Elders" not in events and not any("Concept" in s for s in events)


def test_renewing_the_link_makes_the_old_one_404(client, world):
    old = world.student.calendar_token
    client.force_login(world.student)
    response = client.post(reverse("accounts:calendar_renew"), follow=True)
    assert "calendar link is renewed" in response.content.decode()
    world.student.refresh_from_db()
    assert world.student.calendar_token != old
    assert client.get(reverse("accounts:calendar_feed", args=[old])).status_code == 404
    assert _feed(client, world.student).status_code == 200


def test_renewal_needs_a_post(client, world):
    client.force_login(world.student)
    assert client.get(reverse("accounts:calendar_renew")).status_code == 405


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("accounts:calendar_feed", args=["nope"])).status_code == 404


@pytest.mark.parametrize("persona", ["student", "supervisor", "leader"])
def test_each_home_page_offers_a_subscribe_link_and_a_copy_button(client, world, persona, today, settings):
    settings.SITE_URL = "https://stageportaal.politie.example"  # the address people use, not the request's host
    user = getattr(world, persona)
    client.force_login(user)
    page = client.get(reverse("home"), follow=True).content.decode()
    path = reverse("accounts:calendar_feed", args=[user.calendar_token])
    assert f'href="webcal://stageportaal.politie.example{path}"' in page
    assert f'value="https://stageportaal.politie.example{path}"' in page
    assert 'data-copy-target="calendar-url"' in page and "js/copy-link.js" in page
