"""Every CSV export follows one convention (core.spreadsheets): a UTF-8 byte order mark, semicolons, headers in
the reader's language (Dutch by default, English for an English reader) and dates as dd-mm-jjjj (issue 19)."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.spreadsheets import number_text

HEADERS = {
    "placements": ("Student;E-mail;Programma", "Student;E-mail;Programme"),
    "hours": ("School;Student;Opdracht", "School;Student;Assignment"),
    "results": ("Moment;Vraag;Respondent", "Moment;Question;Respondent"),
    "personal data": ("Onderdeel;Item;Veld;Waarde", "Section;Item;Field;Value"),
}


def _url(world, export):
    return {
        "placements": reverse("placements:placement_export") + "?format=csv",
        "hours": reverse("hours:programme_hours_export", args=[world.programme.pk]),
        "results": reverse("evaluations:results_csv", args=[world.programme.pk]),
        "personal data": reverse("privacy:export_csv"),
    }[export]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("export", list(HEADERS))
def test_every_csv_export_has_a_bom_semicolons_and_headers_in_the_readers_language(client, world, export, language):
    client.force_login(world.leader)
    response = client.get(_url(world, export), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    dutch, english = HEADERS[export]
    assert text.splitlines()[0].startswith(dutch if language == "nl" else english)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


@pytest.mark.parametrize("export", ["placements", "hours"])
def test_dates_are_day_month_year(client, world, export):
    client.force_login(world.leader)
    response = client.get(_url(world, export), HTTP_ACCEPT_LANGUAGE="nl")
    body = b"".join(response) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [cell for cell in rows[1] if re.fullmatch(r"\d\d-\d\d-\d{4}", cell)] == ["01-08-2026", "31-01-2027"]


def test_numbers_take_the_readers_decimal_separator():
    with translation.override("nl"):
        assert [number_text(40.0), number_text(40.5), number_text(7), number_text(None)] == ["40", "40,5", "7", ""]
    with translation.override("en"):
        assert number_text(40.5) == "40.5"
