"""The daily evaluation jobs cost the same number of queries for 3 placements as for 30 (bulk writes)."""

from datetime import date, timedelta

import pytest
from django.core import mail

from evaluations import services
from evaluations.models import EvaluationRequest
from notifications.models import Notification
from placements.models import Placement

from ..factories import PlacementFactory

pytestmark = pytest.mark.django_db

END = date(2027, 1, 31)


def _ended_placements(count):
    PlacementFactory.create_batch(count, start_date=date(2026, 9, 1), end_date=END)


# Dispatch: the widest evaluation moment of the programmes, placements due (their ids, then their rows),
# questionnaire versions, bulk insert of requests, read the inserted ones' ids back by token (bulk_create
# with ignore_conflicts sets none), content type of the audit entries, bulk insert of audit entries, bulk
# insert of notifications, read their ids; plus the transaction's savepoints. The send tasks run after
# commit and are not counted here.
DISPATCH_QUERIES = 12


@pytest.mark.parametrize("count", [3, 30])
def test_dispatch_queries_do_not_grow_with_the_placements(
    questionnaires, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _ended_placements(count)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_max_num_queries(DISPATCH_QUERIES),
    ):
        assert services.evaluation_dispatch_due(today=END) == 2 * count
    assert len(callbacks) == 1 + (2 * count > 50)  # batches of 50 messages
    assert Notification.objects.filter(kind="evaluation").count() == 2 * count
    placement = Placement.objects.select_related("student__user", "assignment").first()
    message = Notification.objects.filter(object_key__startswith="evaluation_request:", student=placement.student)
    assert message.first().context["placement"] == str(placement)  # the label is the placement's own text


@pytest.mark.parametrize("count", [3, 30])
def test_reminder_and_expiry_queries_do_not_grow_with_the_requests(
    questionnaires, count, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _ended_placements(count)
    services.evaluation_dispatch_due(today=END)
    # per reminder day: select due, guarded update, bulk insert, read ids; plus the transaction
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(10):
        assert services.evaluation_send_reminders(today=END + timedelta(days=7)) == 2 * count
    assert len(mail.outbox) == 2 * count
    # savepoint, select the overdue (locked), bulk insert of their audit entries, update, release
    with django_assert_max_num_queries(5):
        assert services.evaluation_expire_overdue(today=END + timedelta(days=60)) == 2 * count
    assert not EvaluationRequest.objects.filter(state=EvaluationRequest.State.PENDING).exists()
