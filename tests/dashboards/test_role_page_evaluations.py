"""Evaluations on the role pages: what a supervisor or student still has to fill in, and what is open
or overdue in a leader's programmes."""

from datetime import date

import icalendar
import pytest
from django.urls import reverse
from django.utils.html import escape

from evaluations import selectors
from evaluations.models import Audience, EvaluationRequest
from tests.evaluations.conftest import final_moment, make_questionnaire
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def _request(placement, respondent, audience, due, state=EvaluationRequest.State.PENDING):
    version = make_questionnaire(audience, programme=placement.assignment.programme).versions.get()
    return EvaluationRequest.objects.create(
        placement=placement,
        moment=final_moment(placement.assignment.programme),
        audience=audience,
        respondent=respondent,
        version=version,
        sent_on=date(2026, 11, 1),
        due_date=due,
        state=state,
        submitted_at="2026-11-10T10:00Z" if state == EvaluationRequest.State.SUBMITTED else None,
    )


def test_supervisor_sees_pending_evaluations_with_a_link_to_fill_them_in(client, world, today):
    request = _request(world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 12, 1))
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert reverse("evaluations:respond", args=[request.token]) in page
    assert "due 01-12-2026" in page


def test_pending_evaluations_are_read_with_their_placements_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.requests_pending_for_respondent(user=world.supervisor) == []
    second = PlacementFactory(assignment=world.placement.assignment, supervisor=world.placement.supervisor)
    later = _request(world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 12, 1))
    sooner = _request(second, world.supervisor, Audience.SUPERVISOR, date(2026, 11, 30))
    with django_assert_num_queries(1):  # the requests with questionnaire, student and unit
        pending = selectors.requests_pending_for_respondent(user=world.supervisor)
        shown = [
            (r.version.questionnaire.name, r.placement.student.user.name, r.placement.assignment.unit.name)
            for r in pending
        ]
    assert [(r.id, r.token, r.due_date) for r in pending] == [
        (sooner.pk, sooner.token, sooner.due_date),
        (later.pk, later.token, later.due_date),
    ]
    assert shown[0] == (sooner.version.questionnaire.name, second.student.user.name, second.assignment.unit.name)


def test_submitted_evaluations_are_not_listed_and_the_empty_state_says_what_comes(client, world, today):
    submitted = EvaluationRequest.State.SUBMITTED
    _request(world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 12, 1), submitted)
    client.force_login(world.supervisor)
    page = client.get(reverse("dashboards:supervisor_students")).content.decode()
    assert "Nothing to fill in." in page


def test_student_sees_their_own_pending_evaluation(client, world, today):
    request = _request(world.placement, world.student, Audience.STUDENT, date(2026, 12, 1))
    other = _request(world.other_placement, world.other_student, Audience.STUDENT, date(2026, 12, 1))
    client.force_login(world.student)
    page = client.get(reverse("dashboards:student_assignment")).content.decode()
    assert reverse("evaluations:respond", args=[request.token]) in page
    assert other.token not in page


def test_leader_dashboard_counts_open_and_lists_overdue_evaluations(client, world, today):
    _request(world.placement, world.student, Audience.STUDENT, date(2026, 12, 1))  # open
    late = _request(world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 11, 20))  # overdue
    _request(world.other_placement, world.other_student, Audience.STUDENT, date(2026, 11, 1))  # other programme
    progress = selectors.evaluation_progress_for_programmes(programmes=[world.programme], today=today)
    assert (progress.open_count, progress.overdue_count, progress.overdue) == (1, 1, [late])

    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert escape(world.supervisor.name) in page and "due 20-11-2026" in page
    assert escape(world.other_student.name) not in page


def test_expired_requests_count_as_overdue_and_submitted_ones_not_at_all(world, today):
    _request(world.placement, world.student, Audience.STUDENT, date(2026, 11, 1), EvaluationRequest.State.EXPIRED)
    _request(
        world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 11, 1), EvaluationRequest.State.SUBMITTED
    )
    progress = selectors.evaluation_progress_for_programmes(programmes=[world.programme], today=today)
    assert (progress.open_count, progress.overdue_count) == (0, 1)


def test_the_dashboard_without_evaluations_says_when_they_come(client, world, today):
    client.force_login(world.leader)
    page = client.get(reverse("dashboards:leader_dashboard")).content.decode()
    assert "Requests are sent automatically when placements end." in page


def test_evaluation_due_dates_are_in_the_respondents_calendar(client, world):
    _request(world.placement, world.supervisor, Audience.SUPERVISOR, date(2026, 12, 1))
    _request(world.placement, world.student, Audience.STUDENT, date(2026, 12, 5), EvaluationRequest.State.SUBMITTED)
    type(world.student).objects.filter(pk__in=[world.student.pk, world.supervisor.pk]).update(language="en")
    feed = client.get(reverse("accounts:calendar_feed", args=[world.supervisor.calendar_token]))
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")}
    placement = world.placement
    due = events[f"Evaluation due: {placement.student.user.name} – {placement.assignment.unit.name}"]
    assert due.decoded("dtstart") == date(2026, 12, 1)
    student_feed = client.get(reverse("accounts:calendar_feed", args=[world.student.calendar_token]))
    assert b"Evaluation due" not in student_feed.content  # submitted: nothing due any more
