"""The student records and submits a week on the placement's hours page, the supervisor approves or
returns it there, the leader sees the totals per school and exports them."""

from datetime import date

import pytest
from django.urls import reverse

from hours.models import HoursWeek
from hours.services import hours_week_review
from placements.models import Assignment

from ..factories import PlacementFactory, SchoolFactory, StudentFactory
from .conftest import WEEK, record

pytestmark = pytest.mark.django_db


def _hours_url(placement):
    return reverse("hours:placement_hours", args=[placement.public_id])


def test_the_student_saves_a_draft_then_submits_the_week(client, world, today, required):
    client.force_login(world.student)
    url = _hours_url(world.placement)
    form = {"week": WEEK.isoformat(), "hours_worked": "32", "absence_hours": "0", "note": ""}
    assert client.post(url, {**form, "save": "1"}).status_code == 302
    assert HoursWeek.objects.get().status == "draft"
    page = client.get(url, {"week": WEEK.isoformat()}).content.decode()
    assert 'value="32.0"' in page  # the draft opens with its figures
    client.post(url, {**form, "hours_worked": "36", "submit": "1"})
    week = HoursWeek.objects.get()
    assert (week.status, week.hours_worked) == ("submitted", 36)


def test_the_student_gets_a_message_for_a_future_week_or_too_many_hours(client, world, today):
    client.force_login(world.student)
    url = _hours_url(world.placement)
    future = client.post(url, {"week": "2026-11-30", "hours_worked": "8", "absence_hours": "0", "submit": "1"})
    too_many = client.post(url, {"week": WEEK.isoformat(), "hours_worked": "80", "absence_hours": "0"})
    assert future.status_code == too_many.status_code == 200
    assert "Select a valid choice" in future.content.decode()
    assert "less than or equal to 60" in too_many.content.decode()
    assert not HoursWeek.objects.exists()


def test_the_supervisor_approves_and_returns_weeks_on_the_page(client, world, today):
    first = record(world)
    second = record(world, week=date(2026, 11, 9))
    client.force_login(world.supervisor)
    page = client.get(_hours_url(world.placement)).content.decode()
    assert "Approve" in page and "Return" in page
    client.post(reverse("hours:week_review", args=[first.pk]), {"decision": "approve"})
    client.post(reverse("hours:week_review", args=[second.pk]), {"decision": "return", "comment": "Klopt niet"})
    statuses = dict(HoursWeek.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "returned"}
    client.force_login(world.student)
    assert "Klopt niet" in client.get(_hours_url(world.placement)).content.decode()


def test_only_the_placements_supervisor_reviews_and_only_its_student_records(client, world, today):
    week = record(world)
    for persona in ("student", "leader"):
        client.force_login(getattr(world, persona))
        response = client.post(reverse("hours:week_review", args=[week.pk]), {"decision": "approve"})
        assert response.status_code == 403
    for persona in ("supervisor", "leader"):
        client.force_login(getattr(world, persona))
        form = {"week": WEEK.isoformat(), "hours_worked": "1", "absence_hours": "0", "submit": "1"}
        assert client.post(_hours_url(world.placement), form).status_code == 403
    client.force_login(world.other_supervisor)
    assert client.post(reverse("hours:week_review", args=[week.pk]), {"decision": "approve"}).status_code == 404
    assert HoursWeek.objects.get().status == "submitted"


def test_the_placement_page_shows_hours_done_against_the_required_hours(client, world, today, required):
    hours_week_review(week=record(world, hours="40"), decision="approve", actor=world.supervisor)
    client.force_login(world.student)
    page = client.get(reverse("placements:placement_detail", args=[world.placement.public_id])).content.decode()
    assert "40 of 400 hours done (approved)" in page
    assert "Record your hours" in page


def test_the_leader_sees_totals_per_school_and_exports_them(client, world, today, required):
    hours_week_review(week=record(world, hours="40"), decision="approve", actor=world.supervisor)
    helicon = StudentFactory(school=SchoolFactory(name="Helicon MBO Nijmegen"))
    world.student.student.cohorts.get().students.add(helicon)
    PlacementFactory(student=helicon, assignment=world.placement.assignment, supervisor=world.placement.supervisor)
    client.force_login(world.leader)
    url = reverse("hours:programme_hours", args=[world.programme.pk])
    page = client.get(url).content.decode()
    assert "Helicon MBO Nijmegen" in page and world.student.name in page
    only_helicon = client.get(url, {"school": "Helicon MBO Nijmegen"}).content.decode()
    assert world.student.name not in only_helicon
    export = client.get(reverse("hours:programme_hours_export", args=[world.programme.pk]))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("School;Student;")
    assert any(
        line.startswith(f"{world.student.student.school_name};{world.student.name};") and ";400;40;0;4" in line
        for line in lines
    )
    assert any(line.startswith("Helicon MBO Nijmegen;") for line in lines)
    school_export = client.get(
        reverse("hours:programme_hours_export", args=[world.programme.pk]), {"school": "Helicon MBO Nijmegen"}
    )
    assert len(school_export.content.decode("utf-8-sig").splitlines()) == 2


def test_the_leader_sets_the_programmes_required_hours(client, world, today):
    client.force_login(world.leader)
    url = reverse("hours:programme_hours", args=[world.programme.pk])
    assert client.post(url, {"required_hours": "384"}).status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.required_hours == 384
    assert client.post(url, {"required_hours": "-3"}).status_code == 200
    client.force_login(world.other_leader)
    assert client.post(url, {"required_hours": "1"}).status_code == 404


def _grow(world, n):
    schools = SchoolFactory.create_batch(3)
    assignment = world.placement.assignment
    Assignment.objects.filter(pk=assignment.pk).update(capacity=assignment.placements.count() + n)
    for i in range(n):
        record(world, week=_monday(i))
        student = StudentFactory(school=schools[i % 3])
        PlacementFactory(student=student, assignment=world.placement.assignment, start_date=date(2026, 8, 1))


def _monday(i):
    from datetime import timedelta

    return date(2026, 8, 3) + timedelta(weeks=i)


@pytest.mark.parametrize(
    ("persona", "url_name", "queries"),
    [
        # session, user with roles, placement with its people, its weeks, their summary
        ("student", "hours:placement_hours", 6),
        # session, user with roles, programme, the placements with their totals
        ("leader", "hours:programme_hours", 5),
        ("leader", "hours:programme_hours_export", 5),
    ],
)
def test_hours_pages_query_count_does_not_grow_with_data(
    client, world, today, required, django_assert_max_num_queries, persona, url_name, queries
):
    client.force_login(getattr(world, persona))
    args = [world.placement.public_id] if url_name == "hours:placement_hours" else [world.programme.pk]
    with django_assert_max_num_queries(queries):
        small = client.get(reverse(url_name, args=args))
    _grow(world, 12)
    with django_assert_max_num_queries(queries):
        large = client.get(reverse(url_name, args=args))
    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)


def test_home_pages_show_hours_and_logbook(client, world, today, required):
    record(world, hours="30")
    client.force_login(world.student)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    assert "My hours" in page and "My logbook" in page and _hours_url(world.placement) in page
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert "Hours to approve" in page and f"{world.student.name} – 2026-W47" in page
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert reverse("hours:programme_hours", args=[world.programme.pk]) in page
