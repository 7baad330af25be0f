"""Activities: a leader plans a training for a cohort, registers attendance all at once, and the
participants see it on their page and in their calendar."""

from datetime import date, time

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEntry
from placements import services
from placements.models import Activity, Attendance

from ..factories import CohortFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _ibt(world, **extra):
    data = {"programme": world.programme, "title": "IBT", "date": date(2026, 11, 20), "location": "Ypenburg"}
    return services.activity_create(**(data | extra), actor=world.leader)


def test_leader_plans_an_activity_for_a_cohort_and_its_students_take_part(client, world, today):
    cohort = world.student.student.cohorts.get()
    outsider = StudentFactory()
    CohortFactory(programme=world.programme, name="Tweede lichting", students=[outsider])
    client.force_login(world.leader)
    response = client.post(
        reverse("placements:activity_create"),
        {
            "programme": world.programme.pk,
            "cohort": cohort.pk,
            "title": "IBT dag 1",
            "kind": Activity.Kind.TRAINING,
            "date": "2026-12-03",
            "start_time": "09:00",
            "end_time": "16:30",
            "location": "Politieacademie Ypenburg",
        },
        follow=True,
    )
    activity = Activity.objects.get(title="IBT dag 1")
    assert "IBT dag 1 on 03-12-2026 is planned for 1 student." in response.content.decode()
    assert list(activity.participants.all()) == [world.student.student]
    assert AuditEntry.objects.filter(action="activity.created", object_id=str(activity.pk)).exists()


def test_without_a_cohort_every_student_of_the_programme_takes_part_and_nobody_else(world):
    second = StudentFactory()
    CohortFactory(programme=world.programme, name="Tweede lichting", students=[second])
    activity = _ibt(world)
    assert set(activity.participants.all()) == {world.student.student, second}


def test_a_cohort_of_another_programme_or_an_end_before_the_start_is_refused(client, world):
    other_cohort = world.other_student.student.cohorts.get()
    with pytest.raises(ValidationError):
        _ibt(world, cohort=other_cohort)
    with pytest.raises(ValidationError):
        _ibt(world, start_time=time(14), end_time=time(9))
    assert not Activity.objects.exists()

    client.force_login(world.leader)
    data = {"programme": world.programme.pk, "title": "IBT", "kind": "training", "date": "2026-12-03"}
    response = client.post(reverse("placements:activity_create"), data | {"cohort": other_cohort.pk})
    assert "cohort" in response.context["form"].errors  # not one of the leader's cohorts
    response = client.post(reverse("placements:activity_create"), data | {"start_time": "14:00", "end_time": "09:00"})
    assert response.context["form"].errors["end_time"] == ["The end time must be after the start time."]
    assert 'aria-describedby="id_end_time_error"' in response.content.decode()  # the error is tied to its field
    response = client.post(reverse("placements:activity_create"), data | {"date": "morgen"})
    assert "date" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_leader_registers_attendance_for_everyone_at_once(client, world, today):
    second = StudentFactory()
    world.student.student.cohorts.get().students.add(second)
    activity = _ibt(world)
    me = world.student.student
    client.force_login(world.leader)
    url = reverse("placements:activity_attendance", args=[activity.pk])
    page = client.get(url).content.decode()
    assert escape(world.student.name) in page and escape(second.user.name) in page
    response = client.post(url, {f"s_{me.pk}": "yes", f"s_{second.pk}": "no"}, follow=True)
    assert "Attendance saved (2 changed)." in response.content.decode()
    assert dict(activity.attendances.values_list("student_id", "attended")) == {me.pk: True, second.pk: False}
    entry = AuditEntry.objects.get(action="activity.attendance_registered")
    assert entry.changes[world.student.name] == [None, True]


def test_attendance_is_all_or_nothing(world, today):
    activity = _ibt(world)
    me = world.student.student
    stranger = world.other_student.student
    with pytest.raises(ValidationError):
        services.attendance_register(activity=activity, attended={me.pk: True, stranger.pk: True}, actor=world.leader)
    assert Attendance.objects.get(activity=activity, student=me).attended is None
    assert not Attendance.objects.filter(student=stranger).exists()


def test_attendance_of_a_future_activity_is_refused_and_the_page_has_no_form(client, world, today):
    activity = _ibt(world, date=date(2026, 12, 3))
    with pytest.raises(ValidationError, match="from the day of the activity"):
        services.attendance_register(activity=activity, attended={world.student.student.pk: True})
    client.force_login(world.leader)
    page = client.get(reverse("placements:activity_attendance", args=[activity.pk])).content.decode()
    assert "Save attendance" not in page
    assert escape(world.student.name) in page


def test_an_activity_without_participants_says_what_to_do(client, world, today):
    empty = CohortFactory(programme=world.programme, name="Leeg")
    activity = _ibt(world, cohort=empty)
    client.force_login(world.leader)
    page = client.get(reverse("placements:activity_attendance", args=[activity.pk])).content.decode()
    assert "has no participants" in page


def test_the_list_shows_own_programmes_activities_with_attendance(client, world, today):
    activity = _ibt(world)
    services.attendance_register(activity=activity, attended={world.student.student.pk: True})
    services.activity_create(programme=world.other_programme, title="Andermans training", date=date(2026, 11, 1))
    client.force_login(world.leader)
    page = client.get(reverse("placements:activity_list")).content.decode()
    assert "IBT" in page and "1 of 1 present" in page
    assert "Andermans training" not in page


def test_the_empty_list_says_what_to_do(client, world):
    client.force_login(world.leader)
    assert "No activities yet." in client.get(reverse("placements:activity_list")).content.decode()


def test_activity_list_query_count_does_not_grow(client, world, today, django_assert_max_num_queries):
    client.force_login(world.leader)
    _ibt(world)
    # session, the person with roles, activities with counts
    with django_assert_max_num_queries(3):
        small = client.get(reverse("placements:activity_list"))
    for i in range(10):
        _ibt(world, title=f"Intervisie {i}", date=date(2026, 10, 1 + i))
    with django_assert_max_num_queries(3):
        large = client.get(reverse("placements:activity_list"))
    assert len(large.content) > len(small.content)


def test_attendance_page_query_count_does_not_grow(client, world, today, django_assert_max_num_queries):
    activity = _ibt(world)
    client.force_login(world.leader)
    url = reverse("placements:activity_attendance", args=[activity.pk])
    # session, the person with roles, activity, attendances with students
    with django_assert_max_num_queries(4):
        small = client.get(url)
    cohort = world.student.student.cohorts.get()
    for student in StudentFactory.create_batch(10):
        cohort.students.add(student)
        Attendance.objects.create(activity=activity, student=student)
    with django_assert_max_num_queries(4):
        large = client.get(url)
    assert len(large.content) > len(small.content)


def test_student_sees_activities_with_date_and_place(client, world, today):
    _ibt(
        world,
        title="Eindpresentatie",
        kind=Activity.Kind.FINAL_PRESENTATION,
        date=date(2027, 1, 28),
        start_time=time(9),
        end_time=time(16, 30),
    )
    past = _ibt(world, title="IBT najaar", date=date(2026, 11, 2))
    services.attendance_register(activity=past, attended={world.student.student.pk: True})
    services.activity_create(programme=world.other_programme, title="Andermans training", date=date(2026, 12, 1))
    client.force_login(world.student)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    assert "Eindpresentatie" in page and "Thu 28 January 2027, 09:00–16:30" in page and "Ypenburg" in page
    assert f"{Activity.Kind.FINAL_PRESENTATION.label} · Place: Ypenburg</div>" in page
    assert "IBT najaar" in page and "· present</div>" in page
    assert "Andermans training" not in page


def test_a_timed_activity_is_a_timed_event_in_the_students_calendar(client, world):
    _ibt(world, title="IBT", date=date(2026, 12, 3), start_time=time(9), end_time=time(16, 30))
    _ibt(world, title="Intervisie", date=date(2026, 12, 10))
    feed = client.get(reverse("accounts:calendar_feed", args=[world.student.calendar_token]))
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")}
    ibt = events["IBT"]
    assert (ibt.decoded("dtstart").hour, ibt.decoded("dtend").hour, ibt.decoded("dtend").minute) == (9, 16, 30)
    assert str(ibt["location"]) == "Ypenburg"
    assert events["Intervisie"].decoded("dtstart") == date(2026, 12, 10)
    other_feed = client.get(reverse("accounts:calendar_feed", args=[world.other_student.calendar_token]))
    assert b"IBT" not in other_feed.content
