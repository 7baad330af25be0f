"""Rotation round services: state changes, matching into a proposal, moves, publishing.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule
is broken, and writes nothing in that case. Placements are only created via placements.services.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_log, save_audited
from core.tasks import QUIET_QUEUE, broker_backlog, enqueue, enqueue_on_commit
from notifications.services import Draft, notifications_queue
from placements.models import Assignment, Placement
from placements.selectors import units_done
from placements.services import (
    StartOutcome,
    placement_create,
    placement_documents_blockers,
    placements_start,
    students_lock,
)
from programmes.models import (
    Cohort,
    RotationRound,
    Supervisor,
    rotation_round_overlap_message,
    rotation_round_overlapping,
)

from . import matching, reasons
from .models import MatchingRun, MatchProposal, Preference

logger = logging.getLogger(__name__)

State = RotationRound.State
TRANSITIONS = {
    State.DRAFT: {State.PREFERENCES_OPEN},
    State.PREFERENCES_OPEN: {State.DRAFT, State.MATCHED},
    State.MATCHED: {State.PREFERENCES_OPEN, State.PUBLISHED},
    State.PUBLISHED: {State.RUNNING},
    State.RUNNING: {State.CLOSED},
    State.CLOSED: set(),
}


def _set_state(*, rotation_round: RotationRound, state: str, actor) -> RotationRound:
    before = rotation_round.state
    if state not in TRANSITIONS[before]:
        raise ValidationError(
            _("A round that is %(before)s cannot become %(after)s.")
            % {"before": State(before).label, "after": State(state).label},
            code="state",
        )
    rotation_round.state = state
    rotation_round.save(update_fields=["state"])
    audit_log(
        actor=actor, action=f"rotation_round.{state}", instance=rotation_round, changes={"state": [before, state]}
    )
    return rotation_round


def _unfinished_runs(rotation_round: RotationRound):
    """The round's runs queued or running within their time limit (older ones have lost their worker)."""
    return MatchingRun.objects.filter(rotation_round=rotation_round).filter(MatchingRun.in_progress_q())


def _refuse_while_matching(rotation_round: RotationRound) -> None:
    """Hold what the matching reads still while a run of the round is under way (it reads outside the
    round's lock): preferences, the proposal and the round's state."""
    if _unfinished_runs(rotation_round).exists():
        raise ValidationError(
            _("The matching of this round is running; try again when it has finished."), code="matching"
        )


def _check_round_dates(*, start_date, end_date, preferences_deadline) -> None:
    errors = {}
    if end_date <= start_date:
        errors["end_date"] = _("The end date must be after the start date.")
    if preferences_deadline is not None and preferences_deadline >= start_date:
        errors["preferences_deadline"] = _("The preferences deadline must be before the start date.")
    if errors:
        raise ValidationError(errors, code="dates")


def _check_no_overlap(*, cohort: Cohort, start_date, end_date, exclude_id=None) -> None:
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one writer of the cohort's rounds at a time
    clash = rotation_round_overlapping(
        cohort_id=cohort.pk, start_date=start_date, end_date=end_date, exclude_id=exclude_id
    )
    if clash:
        raise ValidationError({"start_date": rotation_round_overlap_message(clash)}, code="overlap")


def _check_name_free(*, cohort: Cohort, name: str, exclude_id=None) -> None:
    if RotationRound.objects.filter(cohort=cohort, name=name).exclude(pk=exclude_id).exists():
        raise ValidationError({"name": _("This cohort already has a round with that name.")}, code="unique")


@contextmanager
def _refused_by_database():
    """Turn the database's refusal of a round's write (a concurrent write: the name taken, or the overlap
    constraint of programmes migration 0008) into the friendly message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ValidationError(
            _("This cohort already has a round with that name or in that period."), code="unique"
        ) from exc


@transaction.atomic
def rotation_round_create(
    *, cohort: Cohort, name: str, start_date, end_date, preferences_deadline=None, actor=None
) -> RotationRound:
    """Create a draft round for a cohort. The end comes after the start, the deadline before the start;
    round names are unique per cohort and a cohort's rounds do not overlap (the database holds both as
    well). Raises ValidationError (a dict per field where it can)."""
    name = name.strip()
    _check_round_dates(start_date=start_date, end_date=end_date, preferences_deadline=preferences_deadline)
    _check_name_free(cohort=cohort, name=name)
    _check_no_overlap(cohort=cohort, start_date=start_date, end_date=end_date)
    rotation_round = RotationRound(
        cohort=cohort, name=name, start_date=start_date, end_date=end_date, preferences_deadline=preferences_deadline
    )
    with _refused_by_database():
        rotation_round.save(force_insert=True)
    audit_log(
        actor=actor,
        action="rotation_round.created",
        instance=rotation_round,
        changes={"name": name, "start_date": str(start_date), "end_date": str(end_date)},
    )
    return rotation_round


@transaction.atomic
def rotation_round_update(
    *, rotation_round: RotationRound, name: str, start_date, end_date, preferences_deadline=None, actor=None
) -> RotationRound:
    """Change a round's name, dates or preferences deadline while it is a draft or open for preferences
    (later its placements are proposed or made for those dates), with the checks of rotation_round_create;
    audited with what changed. Raises ValidationError, writing nothing."""
    rotation_round = RotationRound.objects.select_for_update().select_related("cohort").get(pk=rotation_round.pk)
    if rotation_round.state not in (State.DRAFT, State.PREFERENCES_OPEN):
        raise ValidationError(
            _("The dates of a round that is %(state)s stay as they are.")
            % {"state": rotation_round.get_state_display()},
            code="state",
        )
    name = name.strip()
    _check_round_dates(start_date=start_date, end_date=end_date, preferences_deadline=preferences_deadline)
    cohort = rotation_round.cohort
    _check_name_free(cohort=cohort, name=name, exclude_id=rotation_round.pk)
    _check_no_overlap(cohort=cohort, start_date=start_date, end_date=end_date, exclude_id=rotation_round.pk)
    values = {
        "name": name,
        "start_date": start_date,
        "end_date": end_date,
        "preferences_deadline": preferences_deadline,
    }
    with _refused_by_database():
        save_audited(instance=rotation_round, values=values, actor=actor, action="rotation_round.updated")
    return rotation_round


MAX_PROPOSED_ROUNDS = 24


def rotation_rounds_planned(*, cohort: Cohort, count: int | None = None) -> list[tuple[str, date, date]]:
    """The rounds (name, start, end) that follow the cohort's last round, or start on its start date when it
    has none: one rotation length of the programme each (six months in the pilot), back to back, as many as
    end within the programme's period, at most `count` (and MAX_PROPOSED_ROUNDS)."""
    programme = cohort.programme
    existing = list(cohort.rotation_rounds.order_by("start_date").values_list("end_date", flat=True))
    start = existing[-1] + timedelta(days=1) if existing else cohort.start_date
    limit = min(count or MAX_PROPOSED_ROUNDS, MAX_PROPOSED_ROUNDS)
    planned, number = [], len(existing) + 1
    while len(planned) < limit:
        end = start + programme.rotation_delta() - timedelta(days=1)
        if end > programme.end_date:
            break
        planned.append((_("Round %(number)d") % {"number": number}, start, end))
        start, number = end + timedelta(days=1), number + 1
    return planned


@transaction.atomic
def rotation_rounds_propose(*, cohort: Cohort, count: int | None = None, actor=None) -> list[RotationRound]:
    """Create the cohort's rounds as drafts from rotation_rounds_planned (each through rotation_round_create,
    so each is checked and audited); their names and dates can be edited afterwards. Raises ValidationError,
    creating none, when no further round fits in the programme's period or one of them is refused."""
    planned = rotation_rounds_planned(cohort=cohort, count=count)
    if not planned:
        raise ValidationError(
            _("No further round of %(length)s fits before the programme ends on %(end)s.")
            % {"length": rotation_length_text(cohort.programme), "end": date_format(cohort.programme.end_date)},
            code="none_fit",
        )
    return [
        rotation_round_create(cohort=cohort, name=name, start_date=start, end_date=end, actor=actor)
        for name, start, end in planned
    ]


def rotation_length_text(programme) -> str:
    """The programme's rotation length in words, e.g. "6 months"."""
    return f"{programme.rotation_length} {programme.get_rotation_length_unit_display()}"


@transaction.atomic
def rotation_round_set_state(*, rotation_round: RotationRound, state: str, actor=None) -> RotationRound:
    """Move a round along draft -> preferences open -> matched -> published -> running -> closed.

    Matching and publishing have their own services (rotation_round_match, rotation_round_publish); running
    starts the placements too (rotation_round_run).
    """
    if state == State.RUNNING:
        rotation_round_run(rotation_round=rotation_round, actor=actor)
        return rotation_round
    rotation_round = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
    if state in (State.MATCHED, State.PUBLISHED):
        raise ValidationError(_("Use matching or publishing for that step."), code="state")
    _refuse_while_matching(rotation_round)
    return _set_state(rotation_round=rotation_round, state=state, actor=actor)


@transaction.atomic
def rotation_round_run(*, rotation_round: RotationRound, actor=None, today=None) -> StartOutcome:
    """Mark a published round as running and make its placements active as the daily job does
    (placements.services.placements_start: those whose start date has come and that pass the start gates).
    The others stay planned: the blocked ones are returned with their reasons, the later ones start by the
    daily job on their start date. Raises ValidationError for a round that is not published."""
    locked = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
    _refuse_while_matching(locked)
    _set_state(rotation_round=locked, state=State.RUNNING, actor=actor)
    rotation_round.state = locked.state
    placements = Placement.objects.filter(rotation_round=locked)
    return placements_start(placements=placements, today=today, actor=actor)


def _offered(rotation_round: RotationRound):
    """Active assignments of the programme available for the whole round (a queryset, by id)."""
    qs = Assignment.objects.filter(programme_id=rotation_round.cohort.programme_id, is_active=True)
    qs = qs.exclude(available_from__gt=rotation_round.start_date).exclude(available_until__lt=rotation_round.end_date)
    return qs.order_by("pk")


def offered_assignments(rotation_round: RotationRound) -> list[Assignment]:
    """The assignments a round offers: active ones of the programme available for the whole round."""
    return list(_offered(rotation_round).select_related("default_supervisor__user", "unit__organisation"))


_offered_assignments = offered_assignments


def offered_to_student(rotation_round: RotationRound, student) -> list[Assignment]:
    """The assignments a student may rank: those on offer in the round except the ones of a unit the student
    has done in this programme (the rotation rule: the matching would refuse them)."""
    done = units_done(
        programme_id=rotation_round.cohort.programme_id, students=[student.pk], exclude_round_id=rotation_round.pk
    ).get(student.pk, frozenset())
    return [a for a in offered_assignments(rotation_round) if a.unit_id not in done]


def _previous_ranks(rotation_round: RotationRound) -> dict[int, int]:
    previous = (
        RotationRound.objects.filter(cohort_id=rotation_round.cohort_id, start_date__lt=rotation_round.start_date)
        .exclude(pk=rotation_round.pk)
        .exclude(state__in=[State.DRAFT, State.PREFERENCES_OPEN])
        .order_by("-start_date")
        .first()
    )
    if previous is None:
        return {}
    rows = MatchProposal.objects.filter(rotation_round=previous, rank__isnull=False).values_list("student_id", "rank")
    return dict(rows)


def _blocked_sets(
    rotation_round: RotationRound, offered: list[tuple], students
) -> tuple[dict[int, frozenset[int]], dict[int, frozenset[int]]]:
    """Per student, the offered assignments they may not take: every one while they have another placement
    overlapping the round, else those of a unit they already did in this programme (the rotation rule,
    placements.selectors.units_done); students with neither are left out. And apart, per student, the
    assignments of units done (the matching's reasons name them). Built from a unit -> assignments
    index, so the cost follows what each student has done, not the number of assignments."""
    live = Placement.objects.live().exclude(rotation_round=rotation_round).filter(student__in=students).order_by()
    overlapping = live.overlapping(rotation_round.start_date, rotation_round.end_date)
    busy = set(overlapping.values_list("student_id", flat=True).distinct())
    done_units = units_done(
        programme_id=rotation_round.cohort.programme_id, students=students, exclude_round_id=rotation_round.pk
    )
    by_unit: dict[int, list[int]] = {}
    for aid, unit_id, *_rest in offered:
        by_unit.setdefault(unit_id, []).append(aid)
    everything = frozenset(aid for aid, *_rest in offered)
    done = {sid: frozenset(aid for unit in units for aid in by_unit.get(unit, ())) for sid, units in done_units.items()}
    blocked = dict(done)
    blocked.update(dict.fromkeys(busy, everything))
    return blocked, done


def _rankings(rotation_round: RotationRound) -> dict[int, tuple[int, ...]]:
    """Each student's ranked assignment ids, 1st choice first."""
    rows = Preference.objects.filter(rotation_round=rotation_round).order_by("student_id", "rank")
    rows = rows.values_list("student_id", "assignment_id")
    return {sid: tuple(aid for _sid, aid in group) for sid, group in groupby(rows, key=itemgetter(0))}


def _counts_by(queryset, field: str) -> dict[int, int]:
    """How many rows of the queryset there are per value of `field` (one GROUP BY query)."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return dict(rows)


def matching_input(rotation_round: RotationRound):
    """The round as plain matching input: students, assignments with free places, supervisor room.

    The same eleven set-based queries whatever the round's size: the cohort's students and the offered
    assignments go to the database as subqueries, never as lists of ids.
    """
    offered_qs = _offered(rotation_round)
    offered = list(
        offered_qs.values_list(
            "pk", "unit_id", "capacity", "min_capacity", "default_supervisor_id", "wanted_backgrounds", "wanted_levels"
        )
    )
    students = rotation_round.cohort.students.order_by()
    overlapping = (
        Placement.objects.live()
        .exclude(rotation_round=rotation_round)
        .overlapping(rotation_round.start_date, rotation_round.end_date)
    )
    taken = _counts_by(overlapping.filter(assignment__in=offered_qs.order_by().values("pk")), "assignment_id")
    blocked, done = _blocked_sets(rotation_round, offered, students)
    rankings = _rankings(rotation_round)
    previous = _previous_ranks(rotation_round)
    s_in = [
        matching.StudentIn(
            id=sid,
            ranking=rankings.get(sid, ()),
            backgrounds=frozenset(backgrounds or ()),
            level=level or "",
            blocked=blocked.get(sid, frozenset()),
            done=done.get(sid, frozenset()),
            previous_rank=previous.get(sid),
        )
        for sid, level, backgrounds in students.order_by("pk").values_list("pk", "level", "backgrounds")
    ]
    a_in = [
        matching.AssignmentIn(
            id=aid,
            capacity=max(0, capacity - taken.get(aid, 0)),
            min_capacity=max(0, min_capacity - taken.get(aid, 0)),
            supervisor_id=supervisor_id,
            wanted_backgrounds=frozenset(backgrounds or ()),
            wanted_levels=frozenset(levels or ()),
        )
        for aid, _unit, capacity, min_capacity, supervisor_id, backgrounds, levels in offered
        if capacity - taken.get(aid, 0) > 0
    ]
    supervisors = offered_qs.order_by().values("default_supervisor_id")
    load = _counts_by(overlapping.filter(supervisor_id__in=supervisors), "supervisor_id")
    sup_room = {
        pk: max(0, m - load.get(pk, 0))
        for pk, m in Supervisor.objects.filter(pk__in=supervisors).values_list("pk", "max_students")
    }
    return s_in, a_in, sup_room


def _check_matchable(rotation_round: RotationRound) -> None:
    if rotation_round.state not in (State.PREFERENCES_OPEN, State.MATCHED):
        raise ValidationError(_("Matching needs a round with preferences open or already matched."), code="state")


def _no_progress(stage: str, percent: int) -> None:
    pass


def rotation_round_match(*, rotation_round: RotationRound, actor=None, progress=_no_progress) -> matching.MatchResult:
    """Run the optimal matching and store it as the round's proposal (replacing an earlier one).

    Three steps, none holding a transaction open across the next: read the round, solve, store (one
    transaction under the round's lock, which checks the round's state again). `progress(stage, percent)`
    is told before each step (MatchingRun.Stage). While a run of the round is queued or running, the
    services that change what matching reads refuse (_refuse_while_matching), so the proposal is the
    matching of the round as it was read. Raises ValidationError, storing nothing, when the round is not
    open for preferences or matched (at the start or when storing).
    """
    progress(MatchingRun.Stage.READING, 10)
    rotation_round = RotationRound.objects.select_related("cohort").get(pk=rotation_round.pk)
    _check_matchable(rotation_round)
    data = matching_input(rotation_round)
    progress(MatchingRun.Stage.SOLVING, 40)
    result = matching.match(*data)
    progress(MatchingRun.Stage.STORING, 85)
    _proposal_store(rotation_round=rotation_round, result=result, actor=actor)
    return result


@transaction.atomic
def _proposal_store(*, rotation_round: RotationRound, result: matching.MatchResult, actor) -> None:
    rotation_round = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
    _check_matchable(rotation_round)
    MatchProposal.objects.filter(rotation_round=rotation_round).delete()
    MatchProposal.objects.bulk_create(
        MatchProposal(
            rotation_round_id=rotation_round.pk,  # the id: 10,000 instances build faster without the object
            student_id=m.student_id,
            assignment_id=m.assignment_id,
            rank=m.rank,
            cost=m.cost,
            reason=m.reason[:500],
        )
        for m in result.matches
    )
    if rotation_round.state != State.MATCHED:
        _set_state(rotation_round=rotation_round, state=State.MATCHED, actor=actor)
    audit_log(
        actor=actor, action="rotation_round.match_run", instance=rotation_round, changes=matching.choice_shares(result)
    )


# --- the matching in the background: one MatchingRun per click, done by rounds.tasks.matching_run_execute ---

Run = MatchingRun.State


def matching_run_start(*, rotation_round: RotationRound, actor) -> MatchingRun:
    """Queue the matching of a round: a MatchingRun, done by the worker after commit (rotation_round_match).

    Checks the round's state as rotation_round_match does. While another run of the round is queued or
    running the click is refused (ValidationError, code "running"; the database refuses a second
    unfinished run too); one unfinished past its time limit has lost its worker and is marked failed first.
    """
    from .tasks import matching_run_execute

    with transaction.atomic():
        rotation_round = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
        _check_matchable(rotation_round)
        already = _("The matching of this round is running already; this page shows its progress.")
        if _unfinished_runs(rotation_round).exists():
            raise ValidationError(already, code="running")
        MatchingRun.objects.filter(rotation_round=rotation_round, state__in=MatchingRun.UNFINISHED).update(
            state=Run.FAILED,
            finished_at=timezone.now(),
            error=_("The matching stopped without finishing (its worker was interrupted)."),
        )
        try:
            with transaction.atomic():
                run = MatchingRun.objects.create(rotation_round=rotation_round, created_by=actor)
        except IntegrityError as exc:  # a concurrent click
            raise ValidationError(already, code="running") from exc
        enqueue_on_commit(matching_run_execute, run.pk)  # a broker that is down: the sweep hands it over
    return run


def matching_runs_sweep() -> int:
    """Hand to a worker again every run still queued OUTBOX_STALE_SECONDS after the click: its broker message
    was lost (the broker was down at the click, or restarted empty). Safe to repeat: the task claims the run,
    so one handed over twice is done once; not while messages wait in the broker's queue (the run's may be
    among them) or the broker cannot be reached. A run that stopped while running is not started again (it
    may be what stopped its worker); the round's page says so and offers the button again. Returns how many."""
    from .tasks import matching_run_execute

    backlog = broker_backlog(matching_run_execute)
    if backlog is None or backlog > QUIET_QUEUE:  # unreachable, or busy (core.tasks.QUIET_QUEUE)
        return 0
    waited = timezone.now() - MatchingRun.waiting_long_after()
    queued = MatchingRun.objects.filter(state=Run.QUEUED, created_at__lt=waited).order_by("created_at")
    return sum(enqueue(matching_run_execute, run_id) for run_id in queued.values_list("pk", flat=True))


def _claim(run_id: int) -> bool:
    """Queued -> running, in one guarded UPDATE: a task delivered twice finds nothing to claim. A run
    still running past its time limit has lost its worker and may be taken over."""
    claimable = Q(state=Run.QUEUED) | Q(state=Run.RUNNING, started_at__lt=timezone.now() - MatchingRun.STALE_AFTER)
    return bool(
        MatchingRun.objects.filter(claimable, pk=run_id).update(
            state=Run.RUNNING, started_at=timezone.now(), progress=0, stage=MatchingRun.Stage.READING
        )
    )


def _run_progress(run_id: int):
    def progress(stage: str, percent: int) -> None:
        # Autocommit outside any transaction: the leader's page sees each step as it starts.
        MatchingRun.objects.filter(pk=run_id, state=Run.RUNNING).update(stage=stage, progress=percent)

    return progress


def _run_finish(run_id: int, *, error: str = "") -> None:
    done = {"progress": 100, "stage": MatchingRun.Stage.DONE} if not error else {}
    MatchingRun.objects.filter(pk=run_id, state=Run.RUNNING).update(
        state=Run.FAILED if error else Run.DONE, finished_at=timezone.now(), error=error[:2000], **done
    )


def matching_run_process(*, run_id: int) -> MatchingRun | None:
    """Do a queued run: rotation_round_match with the run's progress written as it goes, then done, or
    failed with the error (a broken rule's message, else the exception's text; the traceback is logged).

    Does nothing and returns None when the run is not queued any more (a task delivered twice).
    """
    if not _claim(run_id):
        return None
    run = MatchingRun.objects.select_related("rotation_round", "created_by").get(pk=run_id)
    language = run.created_by.language if run.created_by else settings.LANGUAGE_CODE
    with translation.override(language):  # the error is shown to the leader who clicked, in their language
        try:
            rotation_round_match(
                rotation_round=run.rotation_round, actor=run.created_by, progress=_run_progress(run_id)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except SoftTimeLimitExceeded:
            minutes = MatchingRun.SOFT_TIME_LIMIT // 60
            error = _("The matching took longer than %(minutes)d minutes and was stopped.") % {"minutes": minutes}
        except Exception as exc:  # any failure ends the run as failed, with its message
            logger.exception("Matching run %s of round %s failed", run_id, run.rotation_round_id)
            error = str(exc) or type(exc).__name__
        else:
            error = ""
    _run_finish(run_id, error=error)
    run.refresh_from_db()
    return run


@transaction.atomic
def match_proposal_move(*, proposal: MatchProposal, assignment: Assignment | None, actor=None) -> MatchProposal:
    """Move one student to another assignment (or none), checking the same rules as matching."""
    rotation_round = RotationRound.objects.select_for_update().get(pk=proposal.rotation_round_id)
    if rotation_round.state != State.MATCHED:
        raise ValidationError(_("Only a matched, unpublished round can be changed."), code="state")
    _refuse_while_matching(rotation_round)
    if assignment is not None:
        students, assignments, sup_room = matching_input(rotation_round)
        student = next(s for s in students if s.id == proposal.student_id)
        offered = {a.id: a for a in assignments}
        if assignment.pk not in offered:
            raise ValidationError(
                _("%(a)s is not on offer in this round or has no free place.") % {"a": assignment.title}
            )
        if assignment.pk in student.done:
            raise ValidationError(
                _("The student already had this unit, or the unit it is part of, in the programme."), code="unit_done"
            )
        if assignment.pk in student.blocked:
            raise ValidationError(_("The student has another placement in this period."), code="overlap")
        others = MatchProposal.objects.filter(rotation_round=rotation_round).exclude(pk=proposal.pk)
        if others.filter(assignment=assignment).count() >= offered[assignment.pk].capacity:
            raise ValidationError(_("%(a)s is full in this proposal.") % {"a": assignment.title}, code="capacity")
        sup = assignment.default_supervisor_id
        if sup in sup_room and others.filter(assignment__default_supervisor_id=sup).count() >= sup_room[sup]:
            raise ValidationError(
                _("The supervisor of %(a)s is at their maximum.") % {"a": assignment.title}, code="supervisor_load"
            )
    rank = (
        Preference.objects.filter(rotation_round=rotation_round, student_id=proposal.student_id, assignment=assignment)
        .values_list("rank", flat=True)
        .first()
        if assignment
        else None
    )
    before = proposal.assignment_id
    proposal.assignment, proposal.rank, proposal.moved = assignment, rank, True
    proposal.reason = reasons.MOVED
    proposal.save(update_fields=["assignment", "rank", "moved", "reason"])
    audit_log(
        actor=actor,
        action="rotation_round.proposal_moved",
        instance=rotation_round,
        changes={"student": proposal.student_id, "assignment": [before, assignment.pk if assignment else None]},
    )
    return proposal


def _check_documents(*, rotation_round: RotationRound, proposals: list[MatchProposal]) -> None:
    """Refuse to publish while a proposed student lacks a required document valid on the start date."""
    blockers = placement_documents_blockers(
        assignments={p.student_id: p.assignment_id for p in proposals}, on_date=rotation_round.start_date
    )
    if blockers:
        names = {p.student_id: str(p.student) for p in proposals}
        lines = [f"{names[sid]}: {' '.join(reasons)}" for sid, reasons in sorted(blockers.items())]
        raise ValidationError(
            ngettext(
                "Not published: %(count)d proposed student is blocked by documents. %(details)s",
                "Not published: %(count)d proposed students are blocked by documents. %(details)s",
                len(blockers),
            )
            % {"count": len(blockers), "details": " ".join(lines)},
            code="documents",
        )


@transaction.atomic
def rotation_round_publish(*, rotation_round: RotationRound, actor=None) -> list[Placement]:
    """Create every proposed placement (all or nothing) and mark the round published.

    placement_create re-checks overlap, capacity and supervisor load under row locks; one failure rolls
    the whole publication back and raises its ValidationError. A proposed student blocked by a missing
    or expired document (documents_blockers) stops the publication before anything is written.
    """
    rotation_round = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
    if rotation_round.state != State.MATCHED:
        raise ValidationError(_("Only a matched round can be published."), code="state")
    _refuse_while_matching(rotation_round)
    placements = []
    proposals = list(
        MatchProposal.objects.filter(rotation_round=rotation_round, assignment__isnull=False)
        .select_related("student__user", "assignment__default_supervisor")
        .order_by("assignment_id", "student_id")  # a fixed lock order
    )
    _check_documents(rotation_round=rotation_round, proposals=proposals)
    students_lock([proposal.student for proposal in proposals])
    for proposal in proposals:
        try:
            placements.append(
                placement_create(
                    student=proposal.student,
                    assignment=proposal.assignment,
                    start_date=rotation_round.start_date,
                    end_date=rotation_round.end_date,
                    rotation_round=rotation_round,
                    actor=actor,
                    check_documents=False,  # asked for every proposed student at once above
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(student)s: %(error)s") % {"student": proposal.student, "error": " ".join(exc.messages)}
            ) from exc
    _set_state(rotation_round=rotation_round, state=State.PUBLISHED, actor=actor)
    told = rotation_round_announce(rotation_round=rotation_round, placements=placements)
    audit_log(
        actor=actor,
        action="rotation_round.placements_created",
        instance=rotation_round,
        changes={"placements": len(placements), "told": told},
    )
    return placements


PUBLISHED_KIND = "rotation_round.published"


def publication_key(rotation_round: RotationRound) -> str:
    """The object key of a round's publication e-mails (one per student and per supervisor, once)."""
    return f"rotation_round:{rotation_round.pk}"


def rotation_round_announce(*, rotation_round: RotationRound, placements: list[Placement]) -> int:
    """One e-mail to each student with their new placement and one to each supervisor listing their new
    students, in their own language, sent after commit (unique Notification rows). Returns how many."""
    rows = (
        Placement.objects.filter(pk__in=[p.pk for p in placements])
        .select_related("student__user", "supervisor__user", "assignment__unit__organisation")
        .order_by("student__user__name", "pk")
    )
    key, dates = (
        publication_key(rotation_round),
        {
            "start_date": rotation_round.start_date.isoformat(),
            "end_date": rotation_round.end_date.isoformat(),
        },
    )
    drafts, supervised = [], defaultdict(list)
    for placement in rows:
        unit = placement.assignment.unit
        about = {
            "assignment": placement.assignment.title,
            "unit": unit.name,
            "organisation": unit.organisation.name,
            "url": reverse("placements:placement_detail", args=[placement.public_id]),
        }
        supervisor = placement.supervisor.user if placement.supervisor_id else None
        if placement.student.user.is_active:
            context = {
                "round": rotation_round.name,
                **dates,
                **about,
                "supervisor": supervisor.name if supervisor else "",
            }
            drafts.append(_publication_draft(key, placement.student.user_id, "round_published_student", context))
        if supervisor is not None and supervisor.is_active:
            supervised[supervisor.pk].append({"student": placement.student.user.name, **about})
    for user_id, students in supervised.items():
        context = {"round": rotation_round.name, **dates, "students": students}
        drafts.append(_publication_draft(key, user_id, "round_published_supervisor", context))
    return notifications_queue(drafts=drafts)


def _publication_draft(key: str, recipient_id: int, template: str, context: dict) -> Draft:
    return Draft(
        kind=PUBLISHED_KIND,
        object_key=key,
        recipient_id=recipient_id,
        window="published",
        template=template,
        context=context,
    )


MIN_PREFERENCES = 3


@transaction.atomic
def preferences_set(
    *, student, rotation_round: RotationRound, assignment_ids: list[int], actor=None
) -> list[Preference]:
    """Replace a student's ranking for a round (1st choice first).

    Only in their own cohort's round while preferences are open and the deadline (inclusive) has not
    passed; at least MIN_PREFERENCES (or all on offer to the student if fewer), no duplicates, only
    assignments on offer to the student (none of a unit done: offered_to_student). Raises ValidationError.
    """
    rotation_round = RotationRound.objects.select_for_update().get(pk=rotation_round.pk)
    if not rotation_round.cohort.students.filter(pk=student.pk).exists():
        raise ValidationError(_("This round is not for your cohort."), code="cohort")
    if rotation_round.state != State.PREFERENCES_OPEN:
        raise ValidationError(_("Preferences for this round are not open."), code="state")
    _refuse_while_matching(rotation_round)
    deadline = rotation_round.preferences_deadline
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("The deadline for preferences (%(date)s) has passed; ask your project leader.")
            % {"date": date_format(deadline, "SHORT_DATE_FORMAT")},
            code="deadline",
        )
    offered = {a.pk for a in offered_to_student(rotation_round, student)}
    if len(set(assignment_ids)) != len(assignment_ids):
        raise ValidationError(_("Rank each assignment only once."), code="duplicate")
    if not set(assignment_ids) <= offered:
        if set(assignment_ids) <= {a.pk for a in _offered_assignments(rotation_round)}:
            raise ValidationError(
                _("You have already done the unit of an assignment you ranked; rank assignments of other units."),
                code="unit_done",
            )
        raise ValidationError(_("Rank only assignments on offer in this round."), code="unknown")
    least = min(MIN_PREFERENCES, len(offered))
    if len(assignment_ids) < least:
        raise ValidationError(
            ngettext("Rank at least %(n)d assignment.", "Rank at least %(n)d assignments.", least) % {"n": least},
            code="too_few",
        )
    Preference.objects.filter(student=student, rotation_round=rotation_round).delete()
    return Preference.objects.bulk_create(
        Preference(student=student, rotation_round=rotation_round, assignment_id=aid, rank=rank)
        for rank, aid in enumerate(assignment_ids, start=1)
    )


def students_without_preferences(rotation_round: RotationRound):
    """The cohort's students who have not ranked yet (for the leader)."""
    return rotation_round.cohort.students.exclude(preferences__rotation_round=rotation_round).select_related("user")
