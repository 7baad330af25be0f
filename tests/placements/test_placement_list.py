"""A leader lists, filters and exports the placements of their own programmes, never anyone else's."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from placements.exports import headers
from placements.list_views import PAGE_SIZE
from placements.models import Placement
from tests.factories import AssignmentFactory, CohortFactory, PlacementFactory, RotationRoundFactory, StudentFactory
from tests.html import compact

LIST = reverse("placements:placement_list")
EXPORT = reverse("placements:placement_export")


def _add_placements(programme, n, *, status=Placement.Status.ACTIVE, start=date(2026, 8, 1)):
    assignment = AssignmentFactory(programme=programme, capacity=50)
    cohort = programme.cohorts.first() or CohortFactory(programme=programme)
    rnd = cohort.rotation_rounds.first() or RotationRoundFactory(cohort=cohort)  # a cohort's rounds do not overlap
    created = []
    for _ in range(n):
        student = StudentFactory()
        cohort.students.add(student)
        created.append(
            PlacementFactory(
                student=student,
                assignment=assignment,
                rotation_round=rnd,
                start_date=start,
                end_date=date(start.year + 1, 1, 31),
                status=status,
            )
        )
    return created


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_leader_sees_only_their_programmes_placements(client, world):
    client.force_login(world.leader)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.context["page"]
    assert [p.pk for p in page.object_list] == [world.placement.pk]
    assert world.other_placement.student.user.name not in response.content.decode()


def test_a_row_shows_the_placement_escaped_with_cohort_supervisor_and_status(client, world):
    (placement,) = _add_placements(world.programme, 1, status=Placement.Status.PLANNED, start=date(2027, 2, 1))
    placement.student.user.name = "<b>Sanne</b>"
    placement.student.user.save()
    placement.supervisor = None
    placement.save()
    client.force_login(world.leader)
    page = compact(client.get(LIST).content.decode())
    unit = placement.assignment.unit
    row = (
        # The name opens the student's page, the assignment the placement's.
        f'<tr><td><a href="{reverse("dashboards:student_detail", args=[placement.student_id])}">'
        f"&lt;b&gt;Sanne&lt;/b&gt;</a></td><td>{escape(world.programme.name)}<br>"
        f'<span class="small text-body-secondary">{escape(placement.rotation_round.cohort.name)}</span></td>'
        f'<td>{escape(unit.name)}<br><span class="small text-body-secondary">{escape(unit.organisation.name)}</span>'
        f'</td><td><a href="{reverse("placements:placement_detail", args=[placement.public_id])}">'
        f"{escape(placement.assignment.title)}</a></td>"
        '<td><span class="text-body-secondary">–</span></td>'
        '<td class="text-nowrap">01-02-2027 – 31-01-2028</td>'
        '<td><span class="badge text-bg-info">Planned</span></td></tr>'
    )
    assert row in page
    supervised = world.placement
    assert (
        f"<td>{escape(supervised.supervisor.user.name)}</td>"
        '<td class="text-nowrap">'
        f"{supervised.start_date:%d-%m-%Y} – {supervised.end_date:%d-%m-%Y}</td>"
        f'<td><span class="badge text-bg-success">Active</span></td></tr>'
    ) in page


@pytest.mark.parametrize("name", ["programme", "cohort", "unit"])
def test_filtering_on_another_programme_is_refused_not_widened(client, world, name):
    foreign = {
        "programme": world.other_programme,
        "cohort": world.other_student.student.cohorts.get(),
        "unit": world.other_placement.assignment.unit,
    }[name]
    client.force_login(world.leader)
    response = client.get(LIST, {name: foreign.pk})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert name in response.context["filter"].form.errors


@pytest.mark.parametrize("role", ["supervisor", "student"])
def test_list_and_export_are_for_leaders_only(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT, {"format": "csv"}).status_code == 403


def test_filters_narrow_the_list(client, world):
    planned = _add_placements(world.programme, 2, status=Placement.Status.PLANNED, start=date(2027, 2, 1))
    client.force_login(world.leader)
    statuses = client.get(LIST, {"status": "planned"}).context["page"].object_list
    assert {p.pk for p in statuses} == {p.pk for p in planned}
    period = client.get(LIST, {"period_from": "2027-02-01", "period_to": "2027-03-01"}).context["page"].object_list
    assert {p.pk for p in period} == {p.pk for p in planned}
    name = planned[0].student.user.name
    by_name = client.get(LIST, {"q": name[2:8]}).context["page"].object_list
    assert planned[0].pk in {p.pk for p in by_name}
    unit = client.get(LIST, {"unit": world.placement.assignment.unit_id}).context["page"].object_list
    assert [p.pk for p in unit] == [world.placement.pk]


def test_a_reversed_period_is_an_error_message(client, world):
    client.force_login(world.leader)
    response = client.get(LIST, {"period_from": "2027-02-01", "period_to": "2026-01-01"})
    assert "The end of the period is before its start." in response.content.decode()


def test_csv_export_matches_the_filter(client, world):
    planned = _add_placements(world.programme, 3, status=Placement.Status.PLANNED, start=date(2027, 2, 1))
    client.force_login(world.leader)
    response = client.get(EXPORT, {"status": "planned", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][0] == "Student"
    assert sorted(r[1] for r in rows[1:]) == sorted(p.student.user.email for p in planned)
    assert world.other_placement.student.user.email not in {r[1] for r in rows}


def test_a_csv_row_holds_every_column_of_the_placement(client, world):
    (placement,) = _add_placements(world.programme, 1, status=Placement.Status.PLANNED, start=date(2027, 2, 1))
    client.force_login(world.leader)
    rows = _csv_rows(client.get(EXPORT, {"format": "csv", "status": "planned"}))
    assignment = placement.assignment
    assert rows[1] == [
        placement.student.user.name,
        placement.student.user.email,
        assignment.programme.name,
        placement.rotation_round.cohort.name,
        assignment.unit.organisation.name,
        assignment.unit.name,
        assignment.title,
        placement.supervisor.user.name,
        placement.start_date.strftime("%d-%m-%Y"),
        placement.end_date.strftime("%d-%m-%Y"),
        placement.get_status_display(),
    ]


def test_each_csv_row_has_its_own_dates_as_day_month_year(client, world):
    summer = _add_placements(world.programme, 2, start=date(2026, 8, 1))
    winter = _add_placements(world.programme, 1, start=date(2027, 2, 1))
    client.force_login(world.leader)
    rows = _csv_rows(client.get(EXPORT, {"format": "csv"}))
    dates = {row[1]: (row[8], row[9]) for row in rows[1:]}
    assert {dates[p.student.user.email] for p in summer} == {("01-08-2026", "31-01-2027")}
    assert dates[winter[0].student.user.email] == ("01-02-2027", "31-01-2028")
    start, end = world.placement.start_date, world.placement.end_date
    assert dates[world.placement.student.user.email] == (f"{start:%d-%m-%Y}", f"{end:%d-%m-%Y}")


def test_xlsx_export_matches_the_filter_and_scope(client, world):
    _add_placements(world.other_programme, 2)
    client.force_login(world.leader)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Student"
    assert [row[1] for row in values[1:]] == [world.placement.student.user.email]
    assert values[1][8].date() == world.placement.start_date
    cell = load_workbook(io.BytesIO(body)).active["I2"]
    assert (cell.is_date, cell.number_format) == (True, "DD-MM-YYYY")


def test_an_xlsx_row_keeps_markup_and_spaces_drops_control_characters_and_empty_columns_stay_put(client, world):
    (placement,) = _add_placements(world.programme, 1, status=Placement.Status.PLANNED, start=date(2027, 2, 1))
    placement.student.user.name = " Bo & <Anna>\x07 "
    placement.student.user.save()
    placement.supervisor, placement.rotation_round = None, None
    placement.save()
    client.force_login(world.leader)
    body = b"".join(client.get(EXPORT, {"format": "xlsx", "status": "planned"}).streaming_content)
    for read_only in (True, False):
        sheet = load_workbook(io.BytesIO(body), read_only=read_only).active
        (header, row) = sheet.iter_rows(values_only=True)
        assignment = placement.assignment
        assert header == tuple(headers())
        assert row[:8] == (
            " Bo & <Anna> ",
            placement.student.user.email,
            assignment.programme.name,
            None,
            assignment.unit.organisation.name,
            assignment.unit.name,
            assignment.title,
            None,
        )
        assert (row[8].date(), row[9].date(), row[10]) == (placement.start_date, placement.end_date, "Planned")


def test_export_neutralises_spreadsheet_formulas(client, world):
    world.placement.student.user.name = '=HYPERLINK("http://evil")'
    world.placement.student.user.save()
    client.force_login(world.leader)
    rows = _csv_rows(client.get(EXPORT, {"format": "csv"}))
    assert rows[1][0].startswith("'=")


def test_an_unknown_export_format_is_a_message_not_an_error(client, world):
    client.force_login(world.leader)
    response = client.get(EXPORT, {"format": "pdf"}, follow=True)
    assert "The export could not be made" in response.content.decode()


def test_admin_sees_every_programme(client, world):
    client.force_login(world.admin)
    pks = {p.pk for p in client.get(LIST).context["page"].object_list}
    assert pks == {world.placement.pk, world.other_placement.pk}


@pytest.mark.parametrize("extra", [3, 30])
def test_list_query_count_is_constant(client, world, django_assert_num_queries, extra):
    _add_placements(world.programme, extra)
    client.force_login(world.leader)
    # the person, their roles, filter choices (programmes, cohorts, units), the page's ids with the count,
    # the page's rows
    with django_assert_num_queries(7):
        response = client.get(LIST, {"status": "active"})
    page = response.context["page"]
    assert page.paginator.count == extra + 1
    assert len(page.object_list) == min(extra + 1, PAGE_SIZE)
    with django_assert_num_queries(7):
        last = client.get(LIST, {"status": "active", "page": page.paginator.num_pages}).context["page"]
    assert (last.paginator.count, len(last.object_list)) == (extra + 1, (extra + 1) % PAGE_SIZE or PAGE_SIZE)


def _listed(client, **params):
    page = client.get(LIST, params).context["page"]
    return page.number, page.paginator.count, [p.pk for p in page.object_list]


def test_pages_follow_the_order_and_a_page_out_of_range_is_the_last(client, world):
    placements = [*_add_placements(world.programme, 30, start=date(2026, 9, 1)), world.placement]
    ordered = sorted(placements, key=lambda p: (-p.start_date.toordinal(), p.student.user.name, p.pk))
    client.force_login(world.leader)
    first, second = _listed(client), _listed(client, page=2)
    assert first == (1, 31, [p.pk for p in ordered[:PAGE_SIZE]])
    assert second == (2, 31, [p.pk for p in ordered[PAGE_SIZE:]])
    # As Django's Paginator.get_page: past the end or below 1 the last page, not a number the first.
    assert _listed(client, page=9) == _listed(client, page=0) == second
    assert _listed(client, page="x") == first
    # No match at all: an empty first page.
    assert _listed(client, status="cancelled") == _listed(client, status="cancelled", page=3) == (1, 0, [])


@pytest.mark.parametrize("extra", [3, 30])
def test_export_query_count_is_constant(client, world, django_assert_max_num_queries, extra):
    _add_placements(world.programme, extra)
    client.force_login(world.leader)
    with django_assert_max_num_queries(4):
        rows = _csv_rows(client.get(EXPORT, {"format": "csv"}))
    assert len(rows) == extra + 2


def test_filter_choices_are_escaped_and_keep_the_chosen_one(client, world):
    unit = world.placement.assignment.unit
    unit.name = "<b>Recherche</b>"
    unit.save()
    client.force_login(world.leader)
    html = client.get(LIST, {"unit": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>' in html
    assert "&lt;b&gt;Recherche&lt;/b&gt;" in html and "<b>Recherche</b>" not in html
    assert world.other_placement.assignment.unit.name not in html  # another programme's unit is no choice


def test_filter_options_are_labelled_as_the_models_name_themselves(client, world):
    unit = world.placement.assignment.unit
    cohort = world.student.student.cohorts.get()
    client.force_login(world.leader)
    html = client.get(LIST).content.decode()
    for obj in (unit, cohort, world.programme):
        assert f'<option value="{obj.pk}">{escape(str(obj))}</option>' in html


def test_with_more_units_than_a_select_can_hold_the_unit_filter_asks_for_a_programme(client, world, monkeypatch):
    import placements.filters

    monkeypatch.setattr(placements.filters, "UNIT_CHOICES_MAX", 1)
    AssignmentFactory(programme=world.other_programme)  # the administrator now sees three units
    client.force_login(world.admin)
    unit_field = client.get(LIST).context["filter"].form["unit"]
    assert [value for value, _label in unit_field.field.widget.choices] == [""]
    assert "Choose a programme first" in unit_field.help_text
    # A programme chosen: its units only (here one); a unit given in the URL is kept and still filters.
    own = world.placement.assignment.unit
    response = client.get(LIST, {"programme": world.programme.pk})
    assert [v for v, _ in response.context["filter"].form["unit"].field.widget.choices] == ["", own.pk]
    response = client.get(LIST, {"unit": own.pk})
    assert [p.pk for p in response.context["page"].object_list] == [world.placement.pk]
    assert f'<option value="{own.pk}" selected>' in response.content.decode()
    # A unit of another programme than the one chosen is an error, not an empty widening.
    foreign = world.other_placement.assignment.unit
    response = client.get(LIST, {"programme": world.programme.pk, "unit": foreign.pk})
    assert "unit" in response.context["filter"].form.errors


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "1e3", "x' OR 1=1--", "\x00", "1" * 5000])
def test_hostile_programme_and_unit_values_are_form_errors(client, world, value):
    client.force_login(world.admin)
    response = client.get(LIST, {"programme": value, "unit": value})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
