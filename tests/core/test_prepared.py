"""A prepared query returns what its queryset returns, compiles once per connection, and refuses a query
it cannot prepare (a value that does not reach the parameters as it is, no values_list, another column
order)."""

import threading
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F

from core.prepared import PreparedQuery
from placements.models import Placement
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def _placements(student, after):
    return (
        Placement.objects.filter(student=student, start_date__gt=after)
        .order_by("start_date")
        .values_list("public_id", "start_date", "assignment__unit__name", "supervisor__user__name")
    )


PLACEMENTS = PreparedQuery(_placements, student=int, after=date)


def test_rows_equal_the_querysets_for_every_set_of_values(world):
    PlacementFactory(student=world.placement.student, start_date=date(2027, 3, 1), end_date=date(2027, 8, 31))
    for student in (world.placement.student, world.other_placement.student):
        for after in (date(2000, 1, 1), date(2027, 1, 1), date(2030, 1, 1)):
            assert PLACEMENTS(student=student.pk, after=after) == list(_placements(student.pk, after))
    rows = PLACEMENTS(student=world.placement.student.pk, after=date(2000, 1, 1))
    assert len(rows) == 2 and rows[0] == (  # typed as the queryset gives them: a UUID and a date
        world.placement.public_id,
        world.placement.start_date,
        world.placement.assignment.unit.name,
        world.placement.supervisor.user.name,
    )


def test_it_compiles_once_and_then_runs_one_query_per_call(world, django_assert_num_queries):
    build = mock.Mock(wraps=_placements)
    query = PreparedQuery(build, student=int, after=date)
    query(student=world.placement.student.pk, after=date(2000, 1, 1))
    with django_assert_num_queries(1):
        rows = query(student=world.other_placement.student.pk, after=date(2000, 1, 1))
    assert build.call_count == 1
    assert [row[0] for row in rows] == [world.other_placement.public_id]


def test_each_thread_compiles_for_its_own_connection(world):
    build = mock.Mock(wraps=_placements)
    query = PreparedQuery(build, student=int, after=date)
    query(student=world.placement.student.pk, after=date(2000, 1, 1))

    def elsewhere():  # compiles only: SQLite's shared test database is locked by this test's transaction
        try:
            query._compiled()
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    query(student=world.placement.student.pk, after=date(2000, 1, 1))
    assert build.call_count == 2


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda student, after: Placement.objects.filter(student=student).values_list("pk"), "after"),  # unused
        # changed on its way: binding the real date later would not change it the same way
        (
            lambda student, after: Placement.objects.filter(
                student=student, end_date__gt=after + timedelta(1)
            ).values_list("pk"),
            "after",
        ),
        (lambda student, after: Placement.objects.none().values_list("pk"), "no SQL"),
        (lambda student, after: Placement.objects.filter(student=student, end_date__gt=after), "values_list"),
        (lambda student, after: Placement.objects.filter(student=student).values_list("pk", flat=True), "values_list"),
        (
            lambda student, after: (
                Placement.objects.filter(student=student, end_date__gt=after)
                .annotate(later=F("end_date"))
                .values_list("later", "pk")
            ),
            "fields first",
        ),
    ],
)
def test_a_query_it_cannot_prepare_is_refused(world, build, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        PreparedQuery(build, student=int, after=date)(student=1, after=date(2026, 1, 1))


def test_a_list_of_ids_is_compiled_once_per_length(world, django_assert_num_queries):
    build = mock.Mock(
        wraps=lambda students, after: (
            Placement.objects.filter(student__in=students, start_date__gt=after).order_by("pk").values_list("pk")
        )
    )
    query = PreparedQuery(build, students=list[int], after=date)
    one, other = world.placement.student.pk, world.other_placement.student.pk
    early = date(2000, 1, 1)
    assert query(students=[one], after=early) == [(world.placement.pk,)]
    assert query(students=[other], after=early) == [(world.other_placement.pk,)]
    assert query(students=[other, one], after=early) == sorted([(world.placement.pk,), (world.other_placement.pk,)])
    assert query(students=[one, one], after=date(2030, 1, 1)) == []
    assert build.call_count == 2  # lengths 1 and 2
    with django_assert_num_queries(0):
        assert query(students=[], after=early) == []  # nothing can match an empty list


def test_an_empty_list_that_excludes_nothing_still_runs(world):
    query = PreparedQuery(
        lambda students: Placement.objects.exclude(student__in=students).order_by("pk").values_list("pk"),
        students=list[int],
    )
    assert query(students=[]) == sorted([(world.placement.pk,), (world.other_placement.pk,)])
    assert query(students=[world.placement.student.pk]) == [(world.other_placement.pk,)]


def test_a_kind_it_cannot_stand_in_for_is_refused():
    with pytest.raises(ImproperlyConfigured, match="kind it cannot prepare"):
        PreparedQuery(lambda names: Placement.objects.values_list("pk"), names=list[str])
