"""Every placement that ends gets its final evaluation requests, however it was made: the daily job's
completion and an early end announce the end (core.hooks.placement_ended), and the evaluations app makes
the final moment's requests through the dispatch's own steps, once."""

from datetime import date, timedelta

import pytest

from evaluations.models import Audience, EvaluationRequest
from evaluations.services import evaluation_dispatch_due
from notifications.models import Notification
from placements import services as placements
from placements.models import Placement
from programmes.models import RotationRound

from ..conftest import TODAY
from ..factories import CohortFactory, RotationRoundFactory, StudentFactory
from .conftest import FINAL, MIDTERM, make_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(world):
    """The world's programme asks the student and the supervisor at its final moment, the student mid-term."""
    make_questionnaire(Audience.STUDENT, programme=world.programme)
    make_questionnaire(Audience.SUPERVISOR, programme=world.programme)
    make_questionnaire(Audience.STUDENT, programme=world.programme, at=MIDTERM)


def _requests(placement):
    return sorted(
        EvaluationRequest.objects.filter(placement=placement).values_list("moment__name", "audience", "respondent")
    )


def test_a_hand_made_placement_ended_early_long_ago_gets_its_final_requests(world, asked):
    placement = placements.placement_create(
        student=world.student.student,
        assignment=world.placement.assignment,
        supervisor=world.placement.supervisor,
        start_date=date(2027, 2, 1),
        end_date=date(2027, 6, 30),
        actor=world.leader,
        rotation_override_reason="Een tweede periode op dezelfde eenheid",
    )
    day = date(2027, 2, 1)
    placements.placements_advance(today=day)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACTIVE
    # Recorded six weeks late: further back than the daily dispatch's window of 21 days.
    placements.placement_end_early(
        placement=placement,
        end_date=day + timedelta(days=7),
        reason="Gestopt",
        actor=world.leader,
        today=day + timedelta(days=49),
    )
    assert _requests(placement) == [
        (FINAL, Audience.STUDENT, world.student.pk),
        (FINAL, Audience.SUPERVISOR, world.supervisor.pk),
    ]  # the final moment only: the mid-term of a placement that ended is not asked
    keys = [
        f"evaluation_request:{pk}"
        for pk in EvaluationRequest.objects.filter(placement=placement).values_list("pk", flat=True)
    ]
    assert Notification.objects.filter(template="evaluation_request", object_key__in=keys).count() == 2
    assert evaluation_dispatch_due(today=day + timedelta(days=49)) == 0  # made once


def test_a_round_placement_completed_by_the_job_gets_its_final_requests(world, asked):
    student = StudentFactory()
    cohort = CohortFactory(programme=world.programme, students=[student])
    start, end = TODAY + timedelta(days=10), TODAY + timedelta(days=100)
    rotation_round = RotationRoundFactory(
        cohort=cohort, start_date=start, end_date=end, state=RotationRound.State.PUBLISHED
    )
    placement = placements.placement_create(
        student=student,
        assignment=world.placement.assignment,
        start_date=start,
        end_date=end,
        rotation_round=rotation_round,
    )
    placements.placements_advance(today=start)
    # The dispatch did not run on the last day (a missed run): the job's completion asks all the same.
    placements.placements_advance(today=end + timedelta(days=1))
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.COMPLETED
    assert [(name, audience) for name, audience, _who in _requests(placement)] == [
        (FINAL, Audience.STUDENT),
        (FINAL, Audience.SUPERVISOR),
    ]
    assert placements.placements_advance(today=end + timedelta(days=2))["completed"] == 0  # safe to repeat
    assert evaluation_dispatch_due(today=end + timedelta(days=2)) == 0
    assert EvaluationRequest.objects.filter(placement=placement).count() == 2


def test_a_placement_that_never_started_gets_no_requests(world, asked):
    placement = world.placement
    placements.placement_cancel(placement=placement, reason="Gaat niet door")
    placements.placements_advance(today=placement.end_date + timedelta(days=1))
    assert not EvaluationRequest.objects.filter(placement=placement).exists()
