"""Hostile values (tests/security/hostile.py) never give a 5xx and never write.

- every URL with an argument (the role x URL matrix, tests/security/url_matrix.py) gets each value in each
  argument, visited by the object's owner with the URL's method;
- every form of the fuzz list (tests/security/test_fuzz_forms.py) gets each value in all its fields;
- the cases of issue 21 on their own, with the message a person gets.
"""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import resolve, reverse

from tests.factories import PASSWORD

from .hostile import DATES, HOSTILE_VALUES, LINE_BREAKS, NON_ASCII_DIGITS, NUL, OVER_LONG
from .test_fuzz_forms import FORMS, _row_counts, form_client
from .url_matrix import MATRIX

# A value per converter that reverse() accepts and no real path contains, replaced by the hostile value after.
SENTINELS = {
    "id": "987654321",
    "int": "987654321",
    "uuid": "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f",
    "token": "SENTINELxTOKEN",
}
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _arguments(path: str) -> dict[str, str]:
    return {m["name"]: m["converter"] or "str" for m in ARGUMENT.finditer(resolve(path).route)}


def _close(response):
    """Close a download (it holds its file open; the client closes the other responses) as the test client
    does: without request_finished closing the test's database connection, which the next request needs."""
    if response.streaming:
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)


def _visit(client, method, path):
    with transaction.atomic():
        response = getattr(client, method)(path)
        _close(response)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_hostile_url_arguments_are_refused_without_error(world, today, url_name):
    case = MATRIX[url_name]
    kwargs = case.kwargs(world)
    if not kwargs:
        pytest.skip("no URL argument")
    client = Client(raise_request_exception=False)
    if not case.secret:
        client.force_login(getattr(world, case.owner))
    arguments = _arguments(reverse(url_name, kwargs=kwargs))
    baseline = _row_counts()
    for name, converter in arguments.items():
        sentinel = SENTINELS[converter]
        template = reverse(url_name, kwargs={**kwargs, name: sentinel})
        for value in HOSTILE_VALUES:
            path = template.replace(sentinel, quote(value, safe=""))
            response = _visit(client, case.method, path)
            assert response.status_code < 500, (url_name, name, value, response.status_code)
    assert _row_counts() == baseline


@pytest.mark.parametrize("form", FORMS, ids=[f.url_name for f in FORMS])
def test_hostile_values_in_every_field_of_every_form(world, form, monkeypatch):
    client, setup, path = form_client(world, form, monkeypatch, raise_request_exception=False)
    names = [name for name in form.fields(world, setup) if not name.endswith(("TOTAL_FORMS", "INITIAL_FORMS"))]
    baseline = _row_counts()
    for value in HOSTILE_VALUES:
        data = dict.fromkeys(names, value) | form.fixed
        with transaction.atomic():
            response = client.post(path, data)
            assert response.status_code < 500, (form.url_name, value, response.status_code)
            if response.status_code != 302:
                assert _row_counts() == baseline, (form.url_name, value)
            transaction.set_rollback(True)


# --- the reported cases, each with its message ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/evaluations/r/%00/", "/calendar/%00.ics", "/calendar/%C2%B2.ics", "/evaluations/r/a%00b/"]
)
def test_nul_and_non_ascii_in_a_token_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


def _placement_form(world, **fields):
    data = {
        "student": world.student.student.pk,
        "assignment": world.placement.assignment.pk,
        "start_date": "2027-03-01",
        "end_date": "2027-06-30",
        "learning_goals": "",
    }
    return data | fields


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"student": "²"}, "student", "Select a valid choice"),
        ({"end_date": "9999-12-31"}, "end_date", "Choose a date between"),
        ({"start_date": "0001-01-01"}, "start_date", "Choose a date between"),
        ({"learning_goals": "Goed\n" + "x" * 301}, "learning_goals", "at most 300 characters"),
    ],
)
def test_the_placement_form_refuses_with_a_message(client, world, fields, field, message):
    client.force_login(world.leader)
    before = _row_counts()
    response = client.post(reverse("placements:placement_create"), _placement_form(world, **fields))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert _row_counts() == before


@pytest.mark.parametrize("cohort", ["²", "١", "1\x00", "9" * 40])
def test_the_group_placement_form_refuses_an_odd_cohort_id(client, world, cohort):
    client.force_login(world.leader)
    assert client.get(reverse("placements:placement_group_create"), {"cohort": cohort}).status_code in (200, 404)
    response = client.post(reverse("placements:placement_group_create"), {"cohort": cohort, "students": "²"})
    assert response.status_code in (200, 404)


def test_a_name_with_a_line_break_is_refused_by_the_invitation_form(client, world):
    client.force_login(world.leader)
    before = _row_counts()
    response = client.post(
        reverse("programmes:invitation_create"),
        {
            "name": "Jan\r\nBcc: iemand@example.nl",
            "email": "jan@example.nl",
            "role": "student",
            "cohort": world.student.student.cohorts.get().pk,
            "school": world.student.student.school_id,
            "level": "mbo",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Write this on one line."]
    assert _row_counts() == before


def test_the_calendar_feed_survives_what_older_data_may_hold(client, world):
    """A name with a line break and a placement ending on the last day a date can hold, from before the forms
    refused them: the feed still answers, and says no-store."""
    from placements.models import Placement

    world.student.name = "Jan\r\nJansen"
    world.student.save(update_fields=["name"])
    Placement.objects.filter(pk=world.placement.pk).update(end_date=date(9999, 12, 31))
    response = client.get(reverse("accounts:calendar_feed", kwargs={"token": world.student.calendar_token}))
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content
    assert "no-store" in response["Cache-Control"]


def test_signed_in_pages_say_no_store(client, world):
    client.post(reverse("account_login"), {"login": world.student.email, "password": PASSWORD})
    for name in ("dashboards:student_assignment", "privacy:export_json"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def _owner_at(world, url_name) -> tuple[Client, str]:
    """The client of the object's owner (nobody signed in for a secret URL) and the URL's path."""
    case = MATRIX[url_name]
    client = Client(raise_request_exception=False)
    if not case.secret:
        client.force_login(getattr(world, case.owner))
    return client, reverse(url_name, kwargs=case.kwargs(world))


@pytest.mark.parametrize("url_name", sorted(name for name, case in MATRIX.items() if case.method == "get"))
def test_a_get_never_writes(world, today, url_name):
    """Opening a page changes nothing (a prefetching browser, a link checker, a GET from another site):
    GET /exchanges/requests/<id>/reflect/ used to create an evaluation request."""
    client, path = _owner_at(world, url_name)
    baseline = _row_counts()
    response = client.get(path)
    _close(response)
    assert response.status_code < 500
    assert _row_counts() == baseline, url_name


# The query parameters the portal's pages read (filters, pages, weeks, choices), each given every value.
QUERY_PARAMETERS = ("q", "programme", "cohort", "unit", "status", "period_from", "period_to", "page", "week")
QUERY_PARAMETERS += ("school", "moment", "format", "day_from", "round", "student", "kind", "audience")
# One of each kind of the shared list (all of it, on every page, is 2,600 requests: minutes of CI for nothing).
QUERY_VALUES = [NUL[1], NON_ASCII_DIGITS[0], NON_ASCII_DIGITS[1], LINE_BREAKS[0], *OVER_LONG, DATES[0], DATES[1]]


@pytest.mark.parametrize("url_name", sorted(name for name, case in MATRIX.items() if case.method == "get"))
def test_hostile_query_parameters_are_refused_without_error(world, today, url_name):
    client, path = _owner_at(world, url_name)
    baseline = _row_counts()
    for value in QUERY_VALUES:
        response = client.get(path, dict.fromkeys(QUERY_PARAMETERS, value))
        _close(response)
        assert response.status_code < 500, (url_name, value, response.status_code)
    assert _row_counts() == baseline
