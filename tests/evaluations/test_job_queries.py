"""The daily evaluation jobs cost the same number of queries for 3 placements as for 30 (bulk writes)."""

from datetime import date, timedelta

import pytest
from django.core import mail

from evaluations import services
from evaluations.messages import request_context
from evaluations.models import Audience, EvaluationRequest
from notifications.models import Notification
from placements.models import Placement

from ..factories import AssignmentFactory, PlacementFactory, ProgrammeFactory
from .conftest import ask_at, make_questionnaire, midterm_moment

pytestmark = pytest.mark.django_db

START = date(2026, 9, 1)
END = date(2027, 1, 31)
MIDDLE = START + (END - START) / 2


@pytest.fixture
def programme(db):
    """A programme asking both respondents at mid-term and at the end, with the same questionnaires."""
    programme = ProgrammeFactory()
    for audience in (Audience.STUDENT, Audience.SUPERVISOR):
        ask_at(midterm_moment(programme), make_questionnaire(audience, programme=programme))
    return programme


def _placements(programme, count):
    PlacementFactory.create_batch(
        count, assignment=AssignmentFactory(programme=programme, capacity=count), start_date=START, end_date=END
    )


# Dispatch: the moments, the (programme, start, end) spans near one of them, the placements of the due
# spans (plain columns), their rows by id, questionnaire versions, requests they have already, bulk insert
# of requests, read the inserted ones' ids back (bulk_create with ignore_conflicts sets none), content type
# of the audit entries, bulk insert of audit entries, bulk insert of notifications, read their ids; plus
# the transaction's savepoints. The send tasks run after commit and are not counted here.
DISPATCH_QUERIES = 14


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("day", [MIDDLE, END])
def test_dispatch_queries_do_not_grow_with_the_placements(
    programme, count, day, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _placements(programme, count)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_max_num_queries(DISPATCH_QUERIES),
    ):
        assert services.evaluation_dispatch_due(today=day) == 2 * count
    assert len(callbacks) == 1 + (2 * count > 50)  # batches of 50 messages
    assert Notification.objects.filter(kind="evaluation").count() == 2 * count
    placement = Placement.objects.select_related("student__user", "assignment").first()
    message = Notification.objects.filter(object_key__startswith="evaluation_request:", student=placement.student)
    # The row names only its request; what the mail shows is read when it is sent (evaluations.messages).
    assert message.first().context == {}
    assert request_context(message.first())["placement"] == str(placement)
    # The next day finds everything asked: the moments, the placements near them, their rows, the versions
    # and the requests they have; nothing is written.
    with django_assert_max_num_queries(5):
        assert services.evaluation_dispatch_due(today=day + timedelta(days=1)) == 0


def test_dispatch_finds_every_span_in_small_batches(programme, monkeypatch):
    """Placements of different dates (spans) are looked up a batch of spans at a time: with batches of one,
    each due placement is still asked once, and a running placement whose mid-term is not due is not."""
    monkeypatch.setattr(services, "LOOKUP_BATCH", 1)
    assignment = AssignmentFactory(programme=programme, capacity=10)
    due = [
        PlacementFactory(
            assignment=assignment, start_date=START + timedelta(days=shift), end_date=END - timedelta(days=shift)
        )
        for shift in (0, 1, 2)
    ]
    later = PlacementFactory(
        assignment=assignment, start_date=START + timedelta(days=10), end_date=END + timedelta(days=30)
    )
    today = MIDDLE + timedelta(days=2)  # each due placement's mid-term lies between MIDDLE and today
    assert services.evaluation_dispatch_due(today=today) == 2 * len(due)
    asked = set(EvaluationRequest.objects.values_list("placement_id", flat=True))
    assert asked == {placement.pk for placement in due} and later.pk not in asked


def test_dispatch_reads_nothing_more_when_no_moment_is_near(programme, django_assert_num_queries):
    _placements(programme, 3)
    with django_assert_num_queries(2):  # the moments, the placements near one of them (none)
        assert services.evaluation_dispatch_due(today=MIDDLE - timedelta(days=1)) == 0


@pytest.mark.parametrize("count", [3, 30])
def test_reminder_and_expiry_queries_do_not_grow_with_the_requests(
    programme, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _placements(programme, count)
    services.evaluation_dispatch_due(today=END)
    # per reminder day: select due, guarded update, bulk insert, read ids; plus the transaction
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(10):
        assert services.evaluation_send_reminders(today=END + timedelta(days=7)) == 2 * count
    assert len(mail.outbox) == 2 * count
    # savepoint, select the overdue (locked), bulk insert of their audit entries, update, release
    with django_assert_max_num_queries(5):
        assert services.evaluation_expire_overdue(today=END + timedelta(days=60)) == 2 * count
    assert not EvaluationRequest.objects.filter(state=EvaluationRequest.State.PENDING).exists()
