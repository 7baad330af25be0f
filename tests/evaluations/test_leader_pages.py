"""A leader sends evaluation requests by hand, sees what expired and re-opens it; others are refused."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEntry
from evaluations import services
from evaluations.models import Audience, EvaluationRequest
from placements.models import Assignment
from tests.evaluations.conftest import final_moment
from tests.factories import AssignmentFactory, PlacementFactory, StudentFactory

TODAY = date(2026, 11, 23)


def _new_url(world):
    return reverse("evaluations:requests_new", args=[world.programme.pk])


def _overdue_url(world):
    return reverse("evaluations:overdue", args=[world.programme.pk])


def _more_placements(world, n, unit=None):
    assignment = AssignmentFactory(programme=world.programme, capacity=max(n, 1), **({"unit": unit} if unit else {}))
    return [PlacementFactory(student=StudentFactory(), assignment=assignment) for _ in range(n)]


def test_selection_page_lists_only_the_programmes_placements(client, world, questionnaires, today):
    client.force_login(world.leader)
    page = client.get(_new_url(world)).content.decode()
    assert escape(world.student.name) in page
    assert escape(world.other_student.name) not in page


def test_results_page_links_to_the_request_and_expired_pages(client, world, questionnaires, today):
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results", args=[world.programme.pk])).content.decode()
    assert _new_url(world) in page and _overdue_url(world) in page


def test_leader_sends_requests_for_a_selection_and_sees_skipped_count(
    client, world, questionnaires, today, django_capture_on_commit_callbacks
):
    extra = _more_placements(world, 2)
    services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=[extra[0]], actor=world.leader, audiences=["student"]
    )
    mail.outbox.clear()
    client.force_login(world.leader)
    data = {
        "moment": final_moment(world.programme).pk,
        "placements": [world.placement.pk, extra[0].pk],
        "audiences": ["student", "supervisor"],
        "due_date": "2026-12-20",
    }
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(_new_url(world), data, follow=True)
    text = page.content.decode()
    assert "3 evaluation requests created." in text
    assert "1 skipped: it exists already." in text
    assert len(mail.outbox) == 3
    assert not EvaluationRequest.objects.filter(placement=extra[1]).exists()
    assert set(EvaluationRequest.objects.filter(placement=world.placement).values_list("audience", "due_date")) == {
        ("student", date(2026, 12, 20)),
        ("supervisor", date(2026, 12, 20)),
    }


def test_someone_elses_placement_cannot_be_chosen(client, world, questionnaires, today):
    client.force_login(world.leader)
    data = {
        "moment": final_moment(world.programme).pk,
        "placements": [world.placement.pk, world.other_placement.pk],
        "audiences": ["student"],
    }
    page = client.post(_new_url(world), data)
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not EvaluationRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"placements": [], "audiences": ["student"]}, "Tick at least one placement."),
        ({"audiences": []}, "Choose whom to ask"),
        ({"audiences": ["student"], "due_date": "2026-11-01"}, "The due date cannot be in the past."),
        ({"audiences": ["student"], "due_date": "31-31-2026"}, "Enter a valid date."),
    ],
)
def test_bad_selection_gets_a_message_and_stores_nothing(client, world, questionnaires, today, data, message):
    client.force_login(world.leader)
    data = {"moment": final_moment(world.programme).pk, "placements": [world.placement.pk], **data}
    page = client.post(_new_url(world), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not EvaluationRequest.objects.exists()


def test_selection_is_filtered_by_unit(client, world, questionnaires, today):
    other_unit_placement = _more_placements(world, 1)[0]
    client.force_login(world.leader)
    page = client.get(_new_url(world), {"unit": world.placement.assignment.unit.pk}).content.decode()
    assert escape(world.student.name) in page
    assert escape(other_unit_placement.student.user.name) not in page


@pytest.mark.parametrize("size", [1, 10])
def test_selection_page_queries_constant(client, world, questionnaires, today, django_assert_num_queries, size):
    for placement in _more_placements(world, size):
        services.evaluation_requests_create(
            moment=final_moment(world.programme), placements=[placement], actor=world.leader, audiences=["student"]
        )
    client.force_login(world.leader)
    # session, the person with roles, programme, its moments, placements with request flags (at the last
    # moment), filter cohorts and units
    with django_assert_num_queries(7):
        page = client.get(_new_url(world))
    assert page.content.decode().count('name="placements"') == size + 1


def _expired_and_overdue(world):
    requests = services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=[world.placement],
        actor=world.leader,
        today=TODAY - timedelta(days=30),
    )
    student, supervisor = sorted(requests.created, key=lambda r: r.audience)
    EvaluationRequest.objects.filter(pk=student.pk).update(state="expired", due_date=TODAY - timedelta(days=3))
    EvaluationRequest.objects.filter(pk=supervisor.pk).update(due_date=TODAY - timedelta(days=1))
    return student, supervisor


def test_leader_sees_expired_and_overdue_with_respondent(client, world, questionnaires, today):
    _expired_and_overdue(world)
    open_one = services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=_more_placements(world, 1),
        actor=world.leader,
        audiences=["student"],
    ).created[0]
    client.force_login(world.leader)
    page = client.get(_overdue_url(world)).content.decode()
    assert "Expired" in page and "Overdue" in page
    assert escape(world.student.name) in page and escape(world.supervisor.name) in page
    assert escape(open_one.respondent.name) not in page


def test_overdue_page_empty_state(client, world, questionnaires, today):
    client.force_login(world.leader)
    assert "Nothing expired" in client.get(_overdue_url(world)).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_overdue_page_queries_constant(client, world, questionnaires, today, django_assert_num_queries, size):
    placements = _more_placements(world, size)
    services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=placements,
        actor=world.leader,
        today=TODAY - timedelta(days=40),
    )
    client.force_login(world.leader)
    # session, the person with roles, programme, requests with respondent and placement
    with django_assert_num_queries(4):
        page = client.get(_overdue_url(world))
    assert page.content.decode().count('name="due_date"') == 2 * size


def test_leader_reopens_an_expired_request(client, world, questionnaires, today, django_capture_on_commit_callbacks):
    student, _supervisor = _expired_and_overdue(world)
    mail.outbox.clear()
    client.force_login(world.leader)
    url = reverse("evaluations:request_reopen", args=[student.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"due_date": "2026-12-07"}, follow=True)
    assert "open again" in page.content.decode()
    student.refresh_from_db()
    assert (student.state, student.due_date) == ("pending", date(2026, 12, 7))
    assert len(mail.outbox) == 1 and student.token in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="evaluation_request.reopened")
    assert entry.actor == world.leader and entry.changes["state"] == ["expired", "pending"]
    # The respondent can fill it in again.
    client.force_login(world.student)
    assert client.get(reverse("evaluations:respond", args=[student.token])).status_code == 200


@pytest.mark.parametrize(("due", "message"), [("2026-11-01", "cannot be in the past"), ("", "valid new due date")])
def test_reopen_with_bad_date_changes_nothing(client, world, questionnaires, today, due, message):
    student, _supervisor = _expired_and_overdue(world)
    client.force_login(world.leader)
    page = client.post(reverse("evaluations:request_reopen", args=[student.pk]), {"due_date": due}, follow=True)
    assert message in page.content.decode()
    student.refresh_from_db()
    assert student.state == "expired"
    assert not AuditEntry.objects.filter(action="evaluation_request.reopened").exists()


def test_submitted_request_cannot_be_reopened(world, questionnaires, today):
    from django.core.exceptions import ValidationError

    request = services.evaluation_requests_create(
        moment=final_moment(world.programme),
        placements=[world.placement],
        actor=world.leader,
        audiences=[Audience.STUDENT],
    ).created[0]
    qs = list(request.version.questions.all())
    services.evaluation_response_save(
        request=request, user=world.student, answers={qs[0].pk: "3", qs[1].pk: "Ja"}, submit=True
    )
    with pytest.raises(ValidationError, match="submitted already"):
        services.evaluation_request_reopen(request=request, due_date=date(2026, 12, 31), actor=world.leader)


def test_other_leader_cannot_reopen(client, world, questionnaires, today):
    student, _supervisor = _expired_and_overdue(world)
    client.force_login(world.other_leader)
    response = client.post(reverse("evaluations:request_reopen", args=[student.pk]), {"due_date": "2026-12-07"})
    assert response.status_code == 404
    student.refresh_from_db()
    assert student.state == "expired"


LEADER_PAGES = ["results", "results_csv", "results_xlsx", "requests_new", "overdue"]


@pytest.mark.parametrize("name", [*LEADER_PAGES, "cohort_report"])
@pytest.mark.parametrize("who", ["student", "supervisor"])
def test_students_and_supervisors_never_reach_results_even_if_programme_shares(
    client, world, questionnaires, today, name, who
):
    world.programme.students_see_supervisor_evaluation = True
    world.programme.save()
    kwargs = {"cohort_pk": world.programme.cohorts.get().pk} if name == "cohort_report" else {}
    kwargs = kwargs or {"programme_pk": world.programme.pk}
    client.force_login(getattr(world, who))
    assert client.get(reverse(f"evaluations:{name}", kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("name", LEADER_PAGES)
def test_leader_of_another_programme_gets_404(client, world, questionnaires, today, name):
    client.force_login(world.other_leader)
    assert client.get(reverse(f"evaluations:{name}", args=[world.programme.pk])).status_code == 404


def test_open_and_overdue_counts_per_programme_in_one_query(world, questionnaires, today, django_assert_num_queries):
    from evaluations.selectors import request_counts_by_programme
    from programmes.models import Programme

    _expired_and_overdue(world)  # one expired, one pending past due
    batch = services.evaluation_requests_create(
        moment=final_moment(world.programme), placements=_more_placements(world, 2), actor=world.leader
    )
    submitted = next(r for r in batch.created if r.audience == Audience.STUDENT)  # and 3 open
    qs = list(submitted.version.questions.all())
    services.evaluation_response_save(
        request=submitted, user=submitted.respondent, answers={qs[0].pk: "3", qs[1].pk: "Ja"}, submit=True
    )
    services.evaluation_requests_create(
        moment=final_moment(world.other_programme), placements=[world.other_placement], actor=world.other_leader
    )
    with django_assert_num_queries(1):
        counts = request_counts_by_programme(programmes=Programme.objects.all(), today=TODAY)
    assert counts[world.programme.pk] == {"open": 3, "overdue": 2, "submitted": 1, "total": 6, "rate": 17}
    assert counts[world.other_programme.pk] == {"open": 2, "overdue": 0, "submitted": 0, "total": 2, "rate": 0}


@pytest.mark.parametrize("size", [1, 6])
def test_my_evaluations_queries_constant(client, world, questionnaires, today, django_assert_num_queries, size):
    world.programme.students_see_supervisor_evaluation = True
    world.programme.save()
    Assignment.objects.filter(pk=world.placement.assignment_id).update(capacity=1 + size)
    placements = [
        PlacementFactory(
            student=world.student.student,
            assignment=world.placement.assignment,
            start_date=date(2027, 2, 1),
            end_date=date(2027, 6, 30),
        )
    ]
    placements += [
        PlacementFactory(assignment=world.placement.assignment, supervisor=world.supervisor.supervisor)
        for _ in range(size)
    ]
    services.evaluation_requests_create(moment=final_moment(world.programme), placements=placements, actor=world.leader)
    client.force_login(world.supervisor)
    # session, the person with roles, requests with placements, supervisor evaluations about me
    # (prefetches skipped: none)
    with django_assert_num_queries(4):
        page = client.get(reverse("evaluations:mine"))
    assert page.content.decode().count("Fill in") == size


def test_results_index_shows_open_and_overdue_counts(client, world, questionnaires, today):
    _expired_and_overdue(world)
    client.force_login(world.leader)
    page = client.get(reverse("evaluations:results_index")).content.decode()
    assert f'href="{_overdue_url(world)}">2</a>' in page
    assert escape(world.other_programme.name) not in page
