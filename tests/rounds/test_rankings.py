"""The leader sees every student's ranking on the round's page and exports them (CSV, XLSX)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from programmes.models import RotationRound
from rounds.models import Preference
from tests.factories import AssignmentFactory, RotationRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked_round(world, cohort, today):
    rotation_round = RotationRoundFactory(
        cohort=cohort,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        state=RotationRound.State.PREFERENCES_OPEN,
    )
    hostile = AssignmentFactory(programme=world.programme, title='=HYPERLINK("http://x")')
    first, second = cohort.programme.assignments.exclude(pk=hostile.pk).order_by("pk")[:2]
    student = world.student.student
    for rank, assignment in enumerate((second, first, hostile), start=1):
        Preference.objects.create(student=student, rotation_round=rotation_round, assignment=assignment, rank=rank)
    return rotation_round, [second, first, hostile]


def test_the_round_page_lists_each_students_ranking_in_order_and_who_has_not_ranked(client, world, ranked_round):
    rotation_round, ranked = ranked_round
    client.force_login(world.leader)
    page = client.get(reverse("rounds:round_detail", args=[rotation_round.pk])).content.decode()
    positions = [page.index(escape(a.title)) for a in ranked]
    assert positions == sorted(positions)
    assert reverse("dashboards:student_detail", args=[world.student.student.pk]) in page
    assert "Not ranked" in page  # the cohort's other students
    assert reverse("rounds:round_preferences_export", args=[rotation_round.pk]) in page


def test_the_csv_export_has_one_line_per_choice_semicolons_and_quoted_formulas(client, world, ranked_round):
    rotation_round, ranked = ranked_round
    client.force_login(world.leader)
    response = client.get(reverse("rounds:round_preferences_export", args=[rotation_round.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["Student", "E-mail", "Rank", "Assignment", "Unit", "Organisation"]
    assert [(line[0], line[2], line[3]) for line in lines[1:]] == [
        (world.student.name, "1", ranked[0].title),
        (world.student.name, "2", ranked[1].title),
        (world.student.name, "3", "'" + ranked[2].title),
    ]


def test_the_xlsx_export_has_dutch_headers_and_no_formula(client, world, ranked_round, settings):
    settings.LANGUAGE_CODE = "nl"  # the portal's real default; the test settings use English
    rotation_round, ranked = ranked_round
    client.force_login(world.leader)
    response = client.get(reverse("rounds:round_preferences_export", args=[rotation_round.pk]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Student", "E-mail", "Keuze", "Opdracht", "Eenheid", "Organisatie")
    assert [row[3] for row in rows[1:]] == [ranked[0].title, ranked[1].title, "'" + ranked[2].title]
    assert sheet.cell(row=4, column=4).data_type == "s"  # text, not a formula


def test_a_leader_of_another_programme_cannot_export_and_a_wrong_format_is_a_message(client, world, ranked_round):
    rotation_round, _ranked = ranked_round
    url = reverse("rounds:round_preferences_export", args=[rotation_round.pk])
    client.force_login(world.other_leader)
    assert client.get(url).status_code == 404
    client.force_login(world.leader)
    response = client.get(url + "?format=pdf")
    assert response.status_code == 302 and response.url == reverse("rounds:round_detail", args=[rotation_round.pk])
