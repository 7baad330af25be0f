"""insert_rows writes what bulk_create would, on SQLite and on PostgreSQL, without building instances."""

from datetime import UTC, datetime

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from core.bulk import insert_rows
from notifications.models import Notification

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["kind", "object_key", "recipient", "window", "template", "context", "student", "subject", "status"]
COLUMNS += ["attempts", "last_error", "created_at"]
WHEN = datetime(2026, 11, 23, 7, 0, 0, 123456, tzinfo=UTC)


def row(user, key, context=None, when=WHEN):
    return ("kind", key, user.pk, "w", "t", context or {}, None, "", "pending", 0, "", when)


def test_rows_read_back_as_written():
    user = UserFactory()
    context = {"name": "Aïsha \"'%s", "dates": ["2027-02-01"], "n": 3, "nested": {"ok": True, "none": None}}
    insert_rows(Notification, COLUMNS, [row(user, "a", context), row(user, "b")])
    a, b = Notification.objects.order_by("object_key")
    assert (a.recipient, a.context, a.created_at, a.student) == (user, context, WHEN, None)
    assert (b.object_key, b.context, b.status) == ("b", {}, "pending")


def test_conflicts_are_skipped_and_only_new_rows_returned():
    user = UserFactory()
    (first,) = insert_rows(Notification, COLUMNS, [row(user, "a")], returning=("object_key", "id"))
    returned = insert_rows(
        Notification, COLUMNS, [row(user, "a"), row(user, "b")], ignore_conflicts=True, returning=("object_key", "id")
    )
    assert [key for key, _ in returned] == ["b"]
    assert dict([first, *returned]) == dict(Notification.objects.values_list("object_key", "id"))


def test_a_conflict_without_ignore_fails_and_nothing_is_written():
    user = UserFactory()
    insert_rows(Notification, COLUMNS, [row(user, "a")])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Notification, COLUMNS, [row(user, "b"), row(user, "a")])
    assert list(Notification.objects.values_list("object_key", flat=True)) == ["a"]


def test_many_rows_in_a_constant_number_of_statements(django_assert_max_num_queries):
    user = UserFactory()
    rows = [row(user, f"k{i}") for i in range(2500)]
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 3):
        insert_rows(Notification, COLUMNS, rows, ignore_conflicts=True)
    assert Notification.objects.count() == 2500


@pytest.mark.postgres_only
def test_too_long_text_is_refused_not_truncated():
    user = UserFactory()
    with pytest.raises(DataError), transaction.atomic():
        insert_rows(Notification, COLUMNS, [row(user, "x" * 101)])  # object_key is varchar(100)


def test_nothing_to_insert():
    assert insert_rows(Notification, COLUMNS, [], returning=("id",)) == []
