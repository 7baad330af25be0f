"""A placement's life: the daily job starts planned placements on their start date when their screening and
agreement are in order (else the leaders hear why, once), completes them after their end date; leaders
change, end early, extend or cancel a placement through one service with the rules of placing."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from documents.models import DocumentRequirement
from evaluations.models import EvaluationRequest
from notifications.models import Notification
from organisations.models import Organisation
from placements import services
from placements.models import Assignment, Placement
from programmes.models import RotationRound
from rounds.services import rotation_round_set_state

from ..conftest import TODAY
from ..documents.conftest import approve, requirement
from ..evaluations.conftest import FINAL
from ..factories import (
    AssignmentFactory,
    CohortFactory,
    PlacementFactory,
    ProgrammeLeaderFactory,
    RotationRoundFactory,
    StudentFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db

Status = Placement.Status
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def _planned(assignment, *, start=TODAY, end=TODAY + timedelta(days=90), student=None, **extra):
    return PlacementFactory(
        student=student or StudentFactory(),
        assignment=assignment,
        supervisor=None,
        start_date=start,
        end_date=end,
        status=Status.PLANNED,
        **extra,
    )


def _status(placement) -> str:
    return Placement.objects.values_list("status", flat=True).get(pk=placement.pk)


# --- the daily job -----------------------------------------------------------------------------------


def test_the_job_starts_placements_on_their_start_date_and_completes_them_after_their_end(world):
    assignment = world.placement.assignment
    Assignment.objects.filter(pk=assignment.pk).update(capacity=5)  # the database holds the capacity
    due, later = _planned(assignment), _planned(assignment, start=TOMORROW)
    ending_today = PlacementFactory(assignment=assignment, start_date=date(2026, 9, 1), end_date=TODAY)
    ended = PlacementFactory(assignment=assignment, start_date=date(2026, 9, 1), end_date=YESTERDAY)

    counts = services.placements_advance(today=TODAY)

    assert counts == {"started": 1, "blocked": 0, "told": 0, "completed": 1}
    assert [_status(p) for p in (due, later, ending_today, ended)] == [
        Status.ACTIVE,
        Status.PLANNED,
        Status.ACTIVE,  # its last day is today: completed tomorrow
        Status.COMPLETED,
    ]
    started = AuditEntry.objects.get(action="placement.active", object_id=str(due.pk))
    assert started.actor is None and started.changes == {"status": ["planned", "active"]}
    assert AuditEntry.objects.filter(action="placement.completed", object_id=str(ended.pk)).count() == 1


def test_a_missed_run_is_caught_up_but_placements_long_past_wait_for_their_leader(world, client):
    """A one-day visit of three days ago is started and completed (its final evaluation follows); placements
    left planned or running from long before (a deployment, a long outage) are neither started, completed
    nor asked about: the leader's dashboard lists them."""
    from placements.selectors import CATCH_UP_DAYS

    assignment = world.placement.assignment
    Assignment.objects.filter(pk=assignment.pk).update(capacity=5)
    visit_day = TODAY - timedelta(days=3)
    visit = _planned(assignment, start=visit_day, end=visit_day)
    long_ago = TODAY - timedelta(days=CATCH_UP_DAYS + 1)
    old_plan = _planned(assignment, start=long_ago - timedelta(days=90), end=long_ago)
    old_run = PlacementFactory(assignment=assignment, start_date=long_ago - timedelta(days=90), end_date=long_ago)

    assert services.placements_advance(today=TODAY) == {"started": 1, "blocked": 0, "told": 0, "completed": 1}
    assert [_status(p) for p in (visit, old_plan, old_run)] == [Status.COMPLETED, Status.PLANNED, Status.ACTIVE]
    assert not EvaluationRequest.objects.filter(placement__in=[old_plan, old_run]).exists()

    client.force_login(world.leader)
    page = client.get("/leader/").content.decode()
    block = page[page.index('id="behind"') :].split("</ul>")[0]
    assert str(old_plan.public_id) in block and str(old_run.public_id) in block
    assert str(visit.public_id) not in block and str(world.placement.public_id) not in block


def test_the_job_is_safe_to_run_twice(world):
    _planned(world.placement.assignment)
    PlacementFactory(assignment=world.placement.assignment, start_date=date(2026, 9, 1), end_date=YESTERDAY)
    services.placements_advance(today=TODAY)
    entries = AuditEntry.objects.count()
    assert services.placements_advance(today=TODAY) == {"started": 0, "blocked": 0, "told": 0, "completed": 0}
    assert AuditEntry.objects.count() == entries


def test_a_placement_missing_its_screening_stays_planned_and_the_leaders_are_told_once(world):
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG", validity_days=365)
    second_leader = ProgrammeLeaderFactory(programme=world.programme).user
    placement = _planned(world.placement.assignment)

    assert services.placements_advance(today=TODAY)["blocked"] == 1
    assert services.placements_advance(today=TODAY)["blocked"] == 1  # still waiting, not told again

    assert _status(placement) == Status.PLANNED
    told = Notification.objects.filter(kind="placement.start_blocked", object_key=f"placement:{placement.pk}")
    assert {n.recipient for n in told} == {world.leader, second_leader}
    assert told.first().context["reasons"] == ["VOG is missing."]
    approve(placement.student, vog)
    assert services.placements_advance(today=TODAY + timedelta(days=1))["started"] == 1
    assert _status(placement) == Status.ACTIVE


def test_the_agreement_of_this_very_placement_is_asked_where_the_programme_agrees_in_the_portal(world):
    from agreements.models import Agreement

    portal = DocumentRequirement.objects.create(
        programme=world.programme,
        kind=DocumentRequirement.Kind.AGREEMENT,
        name="Praktijkovereenkomst",
        agreed_in_portal=True,
    )
    placement = _planned(world.placement.assignment)
    approve(placement.student, portal)  # agreed for an earlier placement: the document alone is not enough
    outcome = services.placements_start(placements=Placement.objects.filter(pk=placement.pk), today=TODAY)
    assert [reasons for _start, reasons in outcome.blocked] == [
        ["The internship agreement of this placement has not been agreed by all parties yet."]
    ]
    now = timezone.now()
    Agreement.objects.create(placement=placement, terms={}, generated_at=now, completed_at=now)
    assert len(services.placements_start(placements=Placement.objects.all(), today=TODAY).started) == 1


def test_requirements_of_police_units_do_not_hold_back_a_placement_at_a_municipality(world):
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    assignment = AssignmentFactory(
        programme=world.programme, unit__organisation__kind=Organisation.Kind.MUNICIPALITY, capacity=5
    )
    placement = _planned(assignment)
    services.placements_advance(today=TODAY)
    assert _status(placement) == Status.ACTIVE


def _due_placements(programme, n):
    """n placements starting today (the first held back by a missing VOG) and n that ended yesterday."""
    vog = requirement(programme, DocumentRequirement.Kind.VOG, "VOG")
    assignment = AssignmentFactory(programme=programme, capacity=2 * n)
    students = [StudentFactory() for _ in range(2 * n)]
    CohortFactory(programme=programme, students=students)
    for student in students[:n]:
        _planned(assignment, student=student)
    for student in students[1:n]:
        approve(student, vog)
    for student in students[n:]:
        PlacementFactory(student=student, assignment=assignment, start_date=date(2026, 9, 1), end_date=YESTERDAY)


# Savepoints: 3 opened and released around the nested atomic blocks (12). Starting: 1 the planned
# placements due (locked); the documents gate: 1 the assignments' programmes and organisation kinds,
# 1 requirements, 1 documents; the agreement gate: 1 portal agreement requirements; 1 content type, 1 audit
# insert, 1 update. Telling: 1 leaders, 1 notifications insert, 1 pending read. Completing: 1 due (locked),
# 1 audit insert, 1 update; the final evaluation requests: 1 targets, 1 moments, 1 versions, 1 taken,
# 1 insert, 1 read back, 1 content type, 1 audit insert, 1 notifications insert, 1 pending read.
QUERIES_OF_THE_JOB = 32


@pytest.mark.parametrize("n", [3, 30])
def test_the_job_takes_the_same_number_of_queries_for_few_and_many_due_placements(world, n, django_assert_num_queries):
    from evaluations.models import Audience
    from tests.evaluations.conftest import make_questionnaire

    make_questionnaire(Audience.STUDENT, programme=world.programme)
    _due_placements(world.programme, n)
    ContentType.objects.clear_cache()  # counted as a cold worker reads them
    with django_assert_num_queries(QUERIES_OF_THE_JOB):
        counts = services.placements_advance(today=TODAY)
    assert counts == {"started": n - 1, "blocked": 1, "told": 1, "completed": n}
    assert EvaluationRequest.objects.filter(moment__name=FINAL).count() == n  # the students of those ended


# --- one placement changed by its leader -----------------------------------------------------------------


def test_ending_early_completes_the_placement_with_its_reason(world):
    placement = world.placement  # active, 2026-08-01 to 2027-01-31
    services.placement_end_early(
        placement=placement, end_date=YESTERDAY, reason="Stopt met de studie", actor=world.leader, today=TODAY
    )
    placement.refresh_from_db()
    assert (placement.status, placement.end_date, placement.status_reason) == (
        Status.COMPLETED,
        YESTERDAY,
        "Stopt met de studie",
    )
    entry = AuditEntry.objects.get(action="placement.ended_early")
    assert entry.actor == world.leader and entry.changes["status"] == ["active", "completed"]


def test_ending_early_from_today_on_keeps_it_running_until_the_job_completes_it(world):
    placement = world.placement
    services.placement_end_early(placement=placement, end_date=TODAY, reason="Verhuist", today=TODAY)
    assert _status(placement) == Status.ACTIVE
    services.placements_advance(today=TOMORROW)
    assert _status(placement) == Status.COMPLETED


@pytest.mark.parametrize(
    ("end_date", "reason", "message"),
    [
        (YESTERDAY, "  ", "Say why"),
        (date(2027, 1, 31), "Reden", "before the current end date"),
        (date(2026, 7, 1), "Reden", "not be before the start date"),
    ],
)
def test_an_early_end_needs_a_reason_and_an_earlier_end_date(world, end_date, reason, message):
    with pytest.raises(ValidationError, match=message):
        services.placement_end_early(placement=world.placement, end_date=end_date, reason=reason, today=TODAY)
    assert Placement.objects.get(pk=world.placement.pk).end_date == date(2027, 1, 31)


def test_only_a_running_placement_ends_early(world):
    placement = _planned(world.placement.assignment, start=TOMORROW)
    with pytest.raises(ValidationError, match="Only a running placement"):
        services.placement_end_early(placement=placement, end_date=TOMORROW, reason="Reden", today=TODAY)


def test_an_extension_passes_the_overlap_rule(world):
    placement = world.placement
    next_one = PlacementFactory(
        student=placement.student, start_date=date(2027, 2, 1), end_date=date(2027, 7, 31), status=Status.PLANNED
    )
    with pytest.raises(ValidationError, match="already has a placement"):
        services.placement_extend(placement=placement, end_date=date(2027, 3, 31), today=TODAY)
    services.placement_cancel(placement=next_one, reason="Past niet")
    services.placement_extend(placement=placement, end_date=date(2027, 3, 31), actor=world.leader, today=TODAY)
    assert Placement.objects.get(pk=placement.pk).end_date == date(2027, 3, 31)
    assert AuditEntry.objects.get(action="placement.extended").changes == {"end_date": ["2027-01-31", "2027-03-31"]}


def test_an_extension_passes_the_capacity_rule(world):
    assignment = AssignmentFactory(programme=world.programme, capacity=1)
    short = PlacementFactory(assignment=assignment, start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))
    PlacementFactory(assignment=assignment, start_date=date(2027, 1, 1), end_date=date(2027, 3, 31))
    with pytest.raises(ValidationError) as exc:
        services.placement_extend(placement=short, end_date=date(2027, 1, 31), today=TODAY)
    assert exc.value.code == "capacity"


def test_an_extension_must_end_later(world):
    with pytest.raises(ValidationError, match="after the current end date"):
        services.placement_extend(placement=world.placement, end_date=date(2027, 1, 31), today=TODAY)


def test_a_change_of_supervisor_passes_the_load_rule(world):
    busy = SupervisorFactory(max_students=1)
    busy.units.add(world.placement.assignment.unit)  # of the assignment's organisation: only the load is wrong
    PlacementFactory(supervisor=busy, start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.placement_change(placement=world.placement, supervisor=busy, today=TODAY)
    assert exc.value.code == "supervisor_load"
    services.placement_change(placement=world.placement, supervisor=None, actor=world.leader, today=TODAY)
    assert Placement.objects.get(pk=world.placement.pk).supervisor is None


def test_a_running_placement_moved_to_a_unit_that_needs_a_vog_is_refused_without_one(world):
    requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    municipality = AssignmentFactory(programme=world.programme, unit__organisation__kind=Organisation.Kind.MUNICIPALITY)
    placement = PlacementFactory(assignment=municipality, start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))
    with pytest.raises(ValidationError, match="VOG is missing"):
        services.placement_change(
            placement=placement, assignment=AssignmentFactory(programme=world.programme), supervisor=None
        )
    assert Placement.objects.get(pk=placement.pk).assignment == municipality


def test_a_running_placement_cannot_start_later_than_today(world):
    with pytest.raises(ValidationError, match="becomes active on its start date"):
        services.placement_change(placement=world.placement, start_date=TOMORROW, today=TODAY)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (Status.CANCELLED, Status.ACTIVE, "cannot be reopened"),
        (Status.COMPLETED, Status.CANCELLED, "completed placement cannot be cancelled"),
        (Status.COMPLETED, Status.ACTIVE, "cannot become"),
        (Status.ACTIVE, Status.PLANNED, "cannot become"),
        (Status.ACTIVE, Status.COMPLETED, "completed after its end date"),
    ],
)
def test_a_status_takes_only_its_steps(world, before, after, message):
    Placement.objects.filter(pk=world.placement.pk).update(status=before)
    with pytest.raises(ValidationError, match=message):
        services.placement_set_status(placement=world.placement, status=after, today=TODAY)
    assert _status(world.placement) == before


def test_a_planned_placement_is_not_started_before_its_start_date(world):
    placement = _planned(world.placement.assignment, start=TOMORROW)
    with pytest.raises(ValidationError, match="becomes active on its start date"):
        services.placement_set_status(placement=placement, status=Status.ACTIVE, today=TODAY)


def test_a_completed_or_cancelled_placement_keeps_its_terms(world):
    Placement.objects.filter(pk=world.placement.pk).update(status=Status.COMPLETED)
    with pytest.raises(ValidationError, match="completed placement cannot be changed"):
        services.placement_extend(placement=world.placement, end_date=date(2027, 3, 1), today=TODAY)


def test_cancelling_frees_the_place_and_keeps_the_reason(world):
    placement = _planned(world.placement.assignment, start=TOMORROW)
    services.placement_cancel(placement=placement, reason="Student trekt zich terug", actor=world.leader)
    placement.refresh_from_db()
    assert (placement.status, placement.status_reason) == (Status.CANCELLED, "Student trekt zich terug")
    assert AuditEntry.objects.get(action="placement.cancelled").changes["status"] == ["planned", "cancelled"]


# --- "Mark as running" on a round ------------------------------------------------------------------------


def test_marking_a_round_as_running_starts_its_placements_through_the_same_gates(world):
    vog = requirement(world.programme, DocumentRequirement.Kind.VOG, "VOG")
    ready, waiting = StudentFactory(), StudentFactory()
    cohort = CohortFactory(programme=world.programme, students=[ready, waiting])
    rotation_round = RotationRoundFactory(
        cohort=cohort, start_date=TODAY, end_date=TODAY + timedelta(days=90), state=RotationRound.State.PUBLISHED
    )
    assignment = AssignmentFactory(programme=world.programme, capacity=2)
    approve(ready, vog)
    started = _planned(assignment, student=ready, rotation_round=rotation_round)
    held = _planned(assignment, student=waiting, rotation_round=rotation_round)
    rotation_round_set_state(rotation_round=rotation_round, state=RotationRound.State.RUNNING, actor=world.leader)
    assert (_status(started), _status(held)) == (Status.ACTIVE, Status.PLANNED)
    assert AuditEntry.objects.get(action="placement.active").actor == world.leader


def test_the_daily_task_runs_the_job_by_its_scheduled_name(world, today):
    from portal.celery import app

    app.loader.import_default_modules()
    planned = _planned(world.placement.assignment)
    app.tasks["placements.tasks.advance_placements"].apply().get()
    assert _status(planned) == Status.ACTIVE
