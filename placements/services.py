"""Writes of the placement domain. Each rule has one function here; views, admin, import and tasks call them.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule
is broken, and writes nothing in that case.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_log, audit_log_many, diff, save_audited, snapshot
from core.hooks import placement_ended, placement_start_checks
from core.limits import LOOKUP_BATCH
from documents.services import documents_blockers
from notifications.services import Draft, notifications_queue
from programmes.models import Cohort, Level, Programme, ProgrammeGoal, ProgrammeLeader, Student, Supervisor

from .models import Activity, Assignment, Attendance, LearningGoal, Placement, ProjectGroup, ProjectGroupMember
from .selectors import CATCH_UP_DAYS, units_done


def placement_check_overlap(*, student: Student, start_date: date, end_date: date, exclude_id=None) -> None:
    """No two live placements of one student may overlap (also enforced by Postgres)."""
    clash = (
        Placement.objects.live()
        .overlapping(start_date, end_date)
        .filter(student=student)
        .exclude(pk=exclude_id)
        .select_related("assignment")
        .first()
    )
    if clash:
        raise ValidationError(
            _("%(student)s already has a placement from %(start)s to %(end)s (%(assignment)s) in that period.")
            % {
                "student": student,
                "start": date_format(clash.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(clash.end_date, "SHORT_DATE_FORMAT"),
                "assignment": clash.assignment.title,
            },
            code="overlap",
        )


def assignment_check_capacity(*, assignment: Assignment, start_date: date, end_date: date, exclude_id=None) -> None:
    """An assignment holds at most `capacity` live placements in any overlapping period.

    Call inside a transaction after locking the assignment row (assignment_lock) so that concurrent
    requests are counted one after the other.
    """
    taken = (
        Placement.objects.live()
        .overlapping(start_date, end_date)
        .filter(assignment=assignment)
        .exclude(pk=exclude_id)
        .count()
    )
    if taken >= assignment.capacity:
        raise ValidationError(
            _("%(assignment)s is full: %(taken)d of %(capacity)d places are taken in that period.")
            % {"assignment": assignment.title, "taken": taken, "capacity": assignment.capacity},
            code="capacity",
        )


def placement_integrity_error(exc: IntegrityError) -> ValidationError:
    """The message for a placement the database refused (placements.database, migration 0002): a race the
    checks under lock could not see, or a write that bypassed them."""
    if "placement_within_capacity" in str(exc):
        return ValidationError(_("The assignment is full on a day of this period."), code="capacity")
    return ValidationError(_("This placement overlaps another placement of the student."), code="overlap")


def placement_check_supervisor(*, supervisor: Supervisor | None, assignment: Assignment) -> None:
    """A placement's supervisor works in the organisation of the assignment's unit: a supervisor of another
    organisation would see a student who is not theirs."""
    if supervisor is None:
        return
    same_organisation = supervisor.units.filter(organisation__units=assignment.unit_id)
    if not same_organisation.exists():
        raise ValidationError(
            _("%(supervisor)s does not work in the organisation of %(assignment)s; choose a supervisor there.")
            % {"supervisor": supervisor, "assignment": assignment.title},
            code="supervisor_organisation",
        )


def placement_check_rotation(
    *, student: Student, assignment: Assignment, override_reason: str = "", exclude_id=None
) -> bool:
    """The rotation rule: a student does not return to a unit done in this programme, nor to a unit below it
    (placements.selectors.units_done); exchange programmes do not rotate. A leader may override it with a
    reason. Returns whether the rule was overridden; raises ValidationError when broken without a reason."""
    done = units_done(programme_id=assignment.programme_id, students=[student.pk], exclude_placement_id=exclude_id)
    if assignment.unit_id not in done.get(student.pk, ()):
        return False
    if Programme.objects.filter(pk=assignment.programme_id, kind=Programme.Kind.EXCHANGE).exists():
        return False  # one-day exchange visits do not rotate: a professional may visit a host again
    if override_reason.strip():
        return True
    raise ValidationError(
        _(
            "%(student)s has already done this unit, or the unit it is part of, in this programme. Choose "
            "another assignment, or give the reason to place them there again."
        )
        % {"student": student},
        code="unit_done",
    )


def supervisor_check_load(*, supervisor: Supervisor, start_date: date, end_date: date, exclude_id=None) -> None:
    """A supervisor has at most `max_students` live placements at once (lock the supervisor row first)."""
    load = (
        Placement.objects.live()
        .overlapping(start_date, end_date)
        .filter(supervisor=supervisor)
        .exclude(pk=exclude_id)
        .count()
    )
    if load >= supervisor.max_students:
        raise ValidationError(
            _("%(supervisor)s already supervises %(load)d students in that period (maximum %(max)d).")
            % {"supervisor": supervisor, "load": load, "max": supervisor.max_students},
            code="supervisor_load",
        )


def placement_documents_blockers(*, assignments: dict[int, int], on_date: date) -> dict[int, list[str]]:
    """Why each student (id -> id of the assignment they would start on) may not start on `on_date`: the
    documents gate (documents.services.documents_blockers), told each assignment's programme and the
    kind of its unit's organisation. Three queries, any size."""
    facts = {
        pk: (programme_id, kind)
        for pk, programme_id, kind in Assignment.objects.filter(pk__in=set(assignments.values())).values_list(
            "pk", "programme_id", "unit__organisation__kind"
        )
    }
    starts = {student_id: facts[aid] for student_id, aid in assignments.items() if aid in facts}
    return documents_blockers(starts=starts, on_date=on_date)


def placement_check_documents(*, student: Student, assignment: Assignment, start_date: date) -> None:
    """Raise ValidationError listing every required document that is missing or expired on the start date."""
    reasons = placement_documents_blockers(assignments={student.pk: assignment.pk}, on_date=start_date)
    if reasons.get(student.pk):
        raise ValidationError(
            _("%(student)s cannot start yet: %(reasons)s")
            % {"student": student, "reasons": " ".join(reasons[student.pk])},
            code="documents",
        )


def _check_period(*, start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise ValidationError(_("The end date must not be before the start date."), code="period")


def _lock(
    *, student: Student, assignment: Assignment, supervisor: Supervisor | None
) -> tuple[Assignment, Supervisor | None]:
    """Lock the rows a placement is checked against, in a fixed order (student, assignment, supervisor).

    The student's row serialises placements of one student: two of them on different assignments at the
    same moment would otherwise both pass the overlap check, and their inserts could deadlock on the
    exclusion constraint (a database error, not the clear "overlaps" message).
    """
    students_lock([student])
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if supervisor is not None:
        supervisor = Supervisor.objects.select_for_update().get(pk=supervisor.pk)
    return assignment, supervisor


def students_lock(students) -> None:
    """Lock the rows of the students a transaction will place several of, in pk order, before any
    placement: _lock takes a student before an assignment, so a transaction that already holds an
    assignment must not wait for a student (a single placement of that student would wait for it)."""
    pks = sorted({student.pk for student in students})
    list(Student.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def placement_create(
    *,
    student: Student,
    assignment: Assignment,
    start_date: date,
    end_date: date,
    supervisor: Supervisor | None = None,
    rotation_round=None,
    status: str = Placement.Status.PLANNED,
    notes: str = "",
    learning_goals: list[str] | None = None,
    actor=None,
    check_supervisor_load: bool = True,
    check_documents: bool = True,
    rotation_override_reason: str = "",
) -> Placement:
    """Place a student on an assignment.

    Guarantees: no overlap with the student's other live placements, the assignment's capacity and the
    supervisor's maximum are respected, also under concurrent requests (and held by the database); a
    supervisor chosen (not the assignment's default) works in the assignment's organisation; the student has
    their required documents (VOG) on the start date; the student has not done the unit in this programme,
    unless `rotation_override_reason` says why (audited). Raises ValidationError.
    `check_supervisor_load=False` is for one-day exchange visits: the host's day has its own places, and a
    visitor is not one of the supervisor's students. `check_documents=False` is for a caller that asked
    the documents gate for all its students at once (rotation_round_publish).
    """
    _check_period(start_date=start_date, end_date=end_date)
    placement_check_supervisor(supervisor=supervisor, assignment=assignment)
    supervisor = supervisor or assignment.default_supervisor
    if check_documents:
        placement_check_documents(student=student, assignment=assignment, start_date=start_date)
    assignment, supervisor = _lock(student=student, assignment=assignment, supervisor=supervisor)
    placement_check_overlap(student=student, start_date=start_date, end_date=end_date)
    overridden = placement_check_rotation(
        student=student, assignment=assignment, override_reason=rotation_override_reason
    )
    assignment_check_capacity(assignment=assignment, start_date=start_date, end_date=end_date)
    if supervisor is not None and check_supervisor_load:
        supervisor_check_load(supervisor=supervisor, start_date=start_date, end_date=end_date)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                student=student,
                assignment=assignment,
                start_date=start_date,
                end_date=end_date,
                supervisor=supervisor,
                rotation_round=rotation_round,
                status=status,
                notes=notes,
            )
    except IntegrityError as exc:  # the database caught a race the checks above could not see
        raise placement_integrity_error(exc) from exc
    for position, goal in enumerate(learning_goals or []):
        placement.learning_goals.create(description=goal, position=position)
    audit_log(actor=actor, action="placement.created", instance=placement, changes=snapshot(placement))
    if overridden:
        audit_log(
            actor=actor,
            action="placement.rotation_rule_overridden",
            instance=placement,
            changes={"unit": str(assignment.unit), "reason": rotation_override_reason.strip()},
        )
    return placement


# --- a placement's life: planned -> active -> completed, or cancelled --------------------------------

Status = Placement.Status
# The steps a placement's status may take. Every change of a placement goes through placement_change (one
# placement: a leader's edit, early end, extension, cancellation, a start by hand) or placements_start /
# placements_complete (many: the daily job, a round marked as running); all of them ask this table.
TRANSITIONS = {
    Status.PLANNED: {Status.ACTIVE, Status.COMPLETED, Status.CANCELLED},
    Status.ACTIVE: {Status.COMPLETED, Status.CANCELLED},
    Status.COMPLETED: set(),
    Status.CANCELLED: set(),
}
KEEP = object()  # placement_change: leave this field as it is (None is a value: "no supervisor")


class PlacementStart(NamedTuple):
    """A placement about to start, as the start gates need it (plain values, one query for any number)."""

    placement_id: int
    public_id: uuid.UUID
    student_id: int
    assignment_id: int
    programme_id: int
    organisation_kind: str
    start_date: date
    end_date: date
    label: str  # str(placement), for the audit trail and the leaders' message


START_FIELDS = (
    "pk",
    "public_id",
    "student_id",
    "assignment_id",
    "assignment__programme_id",
    "assignment__unit__organisation__kind",
    "start_date",
    "end_date",
    "student__user__name",
    "student__user__email",
    "assignment__title",
)


def placement_start_rows(placements) -> list[PlacementStart]:
    """The placements of a queryset as PlacementStart rows, in one query (rows locked if it is locked)."""
    rows = []
    for *values, name, email, title in placements.order_by("pk").values_list(*START_FIELDS):
        label = f"{name or email} @ {title} ({values[6]:%d-%m-%Y})"  # as str(placement), without the objects
        rows.append(PlacementStart(*values, label))
    return rows


def placement_start_blockers(*, starts: list[PlacementStart]) -> dict[int, list[str]]:
    """Why each of these placements may not start (placement id -> reasons; those that may start are left
    out): the documents gate on its start date (placement_documents_blockers: screening, VOG, the agreement
    document) and the gates of the apps above placements (core.hooks.placement_start_checks: the internship
    agreement of this very placement). A few queries per start date, any number of placements."""
    reasons: dict[int, list[str]] = defaultdict(list)
    by_day: dict[date, dict[int, PlacementStart]] = defaultdict(dict)
    for start in starts:  # a student has one placement per start date (they never overlap)
        by_day[start.start_date][start.student_id] = start
    for day, by_student in by_day.items():
        blocked = placement_documents_blockers(
            assignments={student_id: start.assignment_id for student_id, start in by_student.items()}, on_date=day
        )
        for student_id, texts in blocked.items():
            reasons[by_student[student_id].placement_id].extend(texts)
    for check in placement_start_checks:
        for placement_id, texts in check(starts=starts).items():
            reasons[placement_id].extend(texts)
    return dict(reasons)


def placement_status_check(*, before: str, after: str, start_date: date, end_date: date, today: date) -> None:
    """A placement may go from status `before` to `after` (TRANSITIONS) with these dates: active from its
    start date on, completed only after its end date. Raises ValidationError; also asked by the admin form."""
    if after != before and after not in TRANSITIONS[before]:
        if before == Status.CANCELLED:
            raise ValidationError(
                _("A cancelled placement cannot be reopened; create a new placement."), code="cancelled"
            )
        if before == Status.COMPLETED and after == Status.CANCELLED:
            raise ValidationError(_("A completed placement cannot be cancelled."), code="completed")
        raise ValidationError(
            _("A placement that is %(before)s cannot become %(after)s.")
            % {"before": Status(before).label, "after": Status(after).label},
            code="status",
        )
    if after == Status.ACTIVE and start_date > today:
        raise ValidationError(
            _("A placement becomes active on its start date (%(date)s), not before.")
            % {"date": date_format(start_date, "SHORT_DATE_FORMAT")},
            code="not_started",
        )
    if after == Status.COMPLETED and before != Status.COMPLETED and end_date >= today:
        raise ValidationError(
            _("A placement is completed after its end date (%(date)s); end it early to stop it sooner.")
            % {"date": date_format(end_date, "SHORT_DATE_FORMAT")},
            code="not_ended",
        )


def _terms_check(
    *,
    placement: Placement,
    assignment: Assignment,
    supervisor: Supervisor | None,
    changed: set[str],
    rotation_override_reason: str = "",
) -> bool:
    """The rules of placing a student, as placement_create and the matching apply them, for the placement's
    new terms (the placement itself not counted). Locks first, in placement_create's order. Returns whether
    the rotation rule was overridden (a new assignment on a unit done, with the leader's reason)."""
    _check_period(start_date=placement.start_date, end_date=placement.end_date)
    if changed & {"assignment", "supervisor"}:
        placement_check_supervisor(supervisor=supervisor, assignment=assignment)
    start, end, pk = placement.start_date, placement.end_date, placement.pk
    _lock(student=placement.student, assignment=assignment, supervisor=supervisor)
    placement_check_overlap(student=placement.student, start_date=start, end_date=end, exclude_id=pk)
    overridden = "assignment" in changed and placement_check_rotation(
        student=placement.student, assignment=assignment, override_reason=rotation_override_reason, exclude_id=pk
    )
    assignment_check_capacity(assignment=assignment, start_date=start, end_date=end, exclude_id=pk)
    if supervisor is not None:
        supervisor_check_load(supervisor=supervisor, start_date=start, end_date=end, exclude_id=pk)
    return overridden


def _gates_check(placement: Placement) -> None:
    """Raise ValidationError when the (saved, not yet committed) placement may not be active."""
    blockers = placement_start_blockers(starts=placement_start_rows(Placement.objects.filter(pk=placement.pk)))
    if blockers.get(placement.pk):
        raise ValidationError(
            _("%(student)s cannot start yet: %(reasons)s")
            % {"student": placement.student, "reasons": " ".join(blockers[placement.pk])},
            code="documents",
        )


def _ended(*, placement_ids: list[int], today: date, actor) -> None:
    """Tell the apps above placements that these placements ended (the evaluations' final requests)."""
    if placement_ids:
        for ended in placement_ended:
            ended(placement_ids=placement_ids, today=today, actor=actor)


@transaction.atomic
def placement_change(
    *,
    placement: Placement,
    assignment: Assignment | None = None,
    supervisor=KEEP,
    start_date: date | None = None,
    end_date: date | None = None,
    notes: str | None = None,
    status: str | None = None,
    reason: str | None = None,
    action: str = "placement.updated",
    actor=None,
    today: date | None = None,
    precondition=None,
    rotation_override_reason: str = "",
) -> Placement:
    """The one way a placement changes after it was made: its terms (assignment, supervisor, dates, notes),
    its status, or both; the fields not given stay as they are.

    Guarantees: new terms pass the rules of placing a student (overlap, capacity, supervisor load, under
    row locks); the status takes only the steps of TRANSITIONS; an active placement has started and has
    passed the start gates (documents and agreement, placement_start_blockers) for its assignment and start
    date; a placement becomes completed only after its end date, and its end is announced to the apps above
    (core.hooks.placement_ended: the final evaluation requests). Audited as `action`. A completed or
    cancelled placement does not change. `precondition(current)`, if given, checks the locked row as it is
    now (a step's own rule, such as "only a running placement ends early"). Raises ValidationError,
    writing nothing.
    """
    today = today or timezone.localdate()
    students_lock([placement.student])
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("assignment", "supervisor")
        .get(pk=placement.pk)
    )
    current.student = placement.student  # the same row, loaded already
    if precondition is not None:
        precondition(current)
    before, before_status = snapshot(current), current.status
    terms = {
        "assignment": current.assignment if assignment is None else assignment,
        "supervisor": current.supervisor if supervisor is KEEP else supervisor,
        "start_date": start_date or current.start_date,
        "end_date": end_date or current.end_date,
    }
    changed = {name for name, value in terms.items() if getattr(current, name) != value}
    _frozen_check(status=before_status, changes=bool(changed) or notes not in (None, current.notes))
    for name, value in [*terms.items(), ("status", status), ("notes", notes), ("status_reason", reason)]:
        if value is not None or name == "supervisor":
            setattr(current, name, value.strip() if name == "status_reason" else value)
    if snapshot(current) == before:
        return placement  # nothing to change (a status set again): nothing written, nothing audited
    overridden = bool(changed) and _terms_check(
        placement=current,
        assignment=current.assignment,
        supervisor=current.supervisor,
        changed=changed,
        rotation_override_reason=rotation_override_reason,
    )
    placement_status_check(
        before=before_status,
        after=current.status,
        start_date=current.start_date,
        end_date=current.end_date,
        today=today,
    )
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError as exc:  # the database caught a race the checks above could not see
        raise placement_integrity_error(exc) from exc
    starting = before_status == Status.PLANNED and current.status in (Status.ACTIVE, Status.COMPLETED)
    if starting or (current.status == Status.ACTIVE and changed & {"assignment", "start_date"}):
        _gates_check(current)
    audit_log(actor=actor, action=action, instance=current, changes=diff(before, snapshot(current)))
    if overridden:
        audit_log(
            actor=actor,
            action="placement.rotation_rule_overridden",
            instance=current,
            changes={"unit": str(current.assignment.unit), "reason": rotation_override_reason.strip()},
        )
    if current.status == Status.COMPLETED and before_status != Status.COMPLETED:
        _ended(placement_ids=[current.pk], today=today, actor=actor)
    for name in ("assignment", "supervisor", "start_date", "end_date", "status", "notes", "status_reason"):
        setattr(placement, name, getattr(current, name))  # the caller's object shows the change
    return placement


def _frozen_check(*, status: str, changes: bool) -> None:
    """A completed or cancelled placement keeps its terms (its history)."""
    if changes and status == Status.COMPLETED:
        raise ValidationError(_("A completed placement cannot be changed."), code="completed")
    if changes and status == Status.CANCELLED:
        raise ValidationError(_("A cancelled placement cannot be changed."), code="cancelled")


def placement_update(
    *,
    placement: Placement,
    assignment: Assignment,
    start_date: date,
    end_date: date,
    supervisor: Supervisor | None,
    notes: str | None = None,
    actor=None,
    today: date | None = None,
    rotation_override_reason: str = "",
) -> Placement:
    """Move, re-date or re-staff a placement (placement_change with the same rules as placement_create)."""
    return placement_change(
        placement=placement,
        assignment=assignment,
        supervisor=supervisor,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
        actor=actor,
        today=today,
        rotation_override_reason=rotation_override_reason,
    )


def placement_end_early(*, placement: Placement, end_date: date, reason: str, actor=None, today=None) -> Placement:
    """End a running placement before its end date, for a reason the leader gives. An end date before
    today completes it now (its final evaluation requests are made); today or later: the daily job
    completes it after that day. Raises ValidationError for a placement not running, an end date not
    before the current one or before its start, or no reason."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the placement ends early.")}, code="reason")

    def running_and_earlier(current: Placement) -> None:
        if current.status != Status.ACTIVE:
            raise ValidationError(_("Only a running placement can be ended early."), code="status")
        if end_date >= current.end_date:
            raise ValidationError({"end_date": _("An early end comes before the current end date.")}, code="end")
        if end_date < current.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")}, code="period")

    return placement_change(
        placement=placement,
        end_date=end_date,
        status=Status.COMPLETED if end_date < today else None,
        reason=reason,
        action="placement.ended_early",
        actor=actor,
        today=today,
        precondition=running_and_earlier,
    )


def placement_extend(*, placement: Placement, end_date: date, actor=None, today=None) -> Placement:
    """Give a planned or running placement a later end date; the longer period must pass the rules of placing
    (overlap, capacity, supervisor load). Raises ValidationError."""

    def later(current: Placement) -> None:
        if end_date <= current.end_date:
            raise ValidationError({"end_date": _("An extension ends after the current end date.")}, code="end")

    return placement_change(
        placement=placement,
        end_date=end_date,
        action="placement.extended",
        actor=actor,
        today=today,
        precondition=later,
    )


def placement_cancel(*, placement: Placement, reason: str = "", actor=None) -> Placement:
    """Cancel a planned or running placement; its place becomes free again. A completed placement cannot be
    cancelled (ValidationError)."""
    return placement_change(
        placement=placement, status=Status.CANCELLED, reason=reason, action="placement.cancelled", actor=actor
    )


def placement_set_status(*, placement: Placement, status: str, actor=None, today: date | None = None) -> Placement:
    """Move a placement to another status along TRANSITIONS (placement_change's rules). Raises ValidationError."""
    if status not in Status.values:
        raise ValidationError(_("Unknown status."), code="status")
    action = "placement.cancelled" if status == Status.CANCELLED else f"placement.{status}"
    return placement_change(placement=placement, status=status, action=action, actor=actor, today=today)


@dataclass
class StartOutcome:
    """What placements_start did: the placements started, and those held back with their reasons."""

    started: list[PlacementStart] = field(default_factory=list)
    blocked: list[tuple[PlacementStart, list[str]]] = field(default_factory=list)


def _set_status_many(rows: list[PlacementStart], *, before: str, after: str, actor) -> None:
    """A guarded UPDATE of these (locked) rows from `before` to `after`, audited as `placement.<after>`."""
    audit_log_many(
        actor=actor,
        action=f"placement.{after}",
        model=Placement,
        entries=[(row.placement_id, {"status": [before, after]}, row.label) for row in rows],
    )
    ids = [row.placement_id for row in rows]
    for first in range(0, len(ids), LOOKUP_BATCH):
        Placement.objects.filter(pk__in=ids[first : first + LOOKUP_BATCH], status=before).update(status=after)


@transaction.atomic
def placements_start(*, placements, today: date | None = None, actor=None) -> StartOutcome:
    """Make active the planned placements of `placements` (a queryset) whose start date has come and that
    pass the start gates (placement_start_blockers); the others stay planned, returned with their reasons.
    Set-based: a fixed number of queries per start date, rows locked, safe to run twice (only planned
    rows are read and updated)."""
    today = today or timezone.localdate()
    due = placements.filter(status=Status.PLANNED, start_date__lte=today).select_for_update(of=("self",))
    rows = placement_start_rows(due)
    blockers = placement_start_blockers(starts=rows)
    outcome = StartOutcome(
        started=[row for row in rows if row.placement_id not in blockers],
        blocked=[(row, blockers[row.placement_id]) for row in rows if row.placement_id in blockers],
    )
    _set_status_many(outcome.started, before=Status.PLANNED, after=Status.ACTIVE, actor=actor)
    return outcome


@transaction.atomic
def placements_complete(*, placements, today: date | None = None, actor=None) -> list[PlacementStart]:
    """Complete the active placements of `placements` whose end date has passed, and announce their end
    (core.hooks.placement_ended) in the same transaction. Set-based and safe to run twice."""
    today = today or timezone.localdate()
    due = placements.filter(status=Status.ACTIVE, end_date__lt=today).select_for_update(of=("self",))
    rows = placement_start_rows(due)
    _set_status_many(rows, before=Status.ACTIVE, after=Status.COMPLETED, actor=actor)
    _ended(placement_ids=[row.placement_id for row in rows], today=today, actor=actor)
    return rows


def _tell_leaders_blocked(blocked: list[tuple[PlacementStart, list[str]]]) -> int:
    """One message per blocked placement and start date to each leader of its programme (kept once by the
    Notification key, however often the job runs)."""
    if not blocked:
        return 0
    leaders = defaultdict(list)
    for programme_id, user_id in ProgrammeLeader.objects.filter(
        programme_id__in={row.programme_id for row, _reasons in blocked}
    ).values_list("programme_id", "user_id"):
        leaders[programme_id].append(user_id)
    return notifications_queue(
        drafts=[
            Draft(
                kind="placement.start_blocked",
                object_key=f"placement:{row.placement_id}",
                recipient_id=user_id,
                window=f"start-{row.start_date.isoformat()}",
                template="placement_start_blocked",
                context={
                    "placement": row.label,
                    "reasons": reasons,
                    "start_date": row.start_date.isoformat(),
                    "path": reverse("placements:placement_detail", args=[row.public_id]),
                },
                student_id=row.student_id,
            )
            for row, reasons in blocked
            for user_id in leaders[row.programme_id]
        ]
    )


def placements_advance(*, today: date | None = None) -> dict[str, int]:
    """The daily status job: planned placements whose start date has come become active when their start
    gates pass (the others stay planned and their programme's leaders are told why, once per start date);
    active placements past their end date become completed (their final evaluation requests follow). Only
    due rows are read (the partial index of planned starts, the status-and-end index), in one transaction;
    safe to run twice. Returns the counts.

    A missed run is caught up for placements that ended at most CATCH_UP_DAYS ago; older ones (left planned
    or running from before this job, after a long outage) are not started, completed or asked about by a
    machine: their leader decides on each, from the dashboard (placements_behind)."""
    today = today or timezone.localdate()
    recent = Placement.objects.filter(end_date__gte=today - timedelta(days=CATCH_UP_DAYS))
    with transaction.atomic():
        outcome = placements_start(placements=recent, today=today)
        told = _tell_leaders_blocked(outcome.blocked)
        completed = placements_complete(placements=recent, today=today)
    return {"started": len(outcome.started), "blocked": len(outcome.blocked), "told": told, "completed": len(completed)}


@transaction.atomic
def placement_group_create(
    *,
    students: list[Student],
    assignment: Assignment,
    start_date: date,
    end_date: date,
    supervisor: Supervisor | None = None,
    notes: str = "",
    group_name: str = "",
    lead: Student | None = None,
    actor=None,
    rotation_override_reason: str = "",
) -> list[Placement]:
    """Place several students on one assignment with the same dates (group project, exchange day).

    All or nothing: each placement passes placement_create's checks (overlap, capacity counting the
    group's own earlier places, supervisor load) in one transaction; the first failure rolls the whole
    group back and raises a ValidationError naming that student.

    On a group assignment (Assignment.is_group) the students also become a ProjectGroup named
    `group_name` (default "Groep N") with `lead`, one of them, as its lead (none: a leader picks one
    later). A lead outside the students or a name the assignment has already raise ValidationError.
    """
    if not students:
        raise ValidationError(_("Choose at least one student."), code="empty")
    if lead is not None and lead not in students:
        raise ValidationError(_("The lead must be one of the students placed."), code="lead")
    students_lock(students)
    placements = []
    for student in sorted(students, key=lambda s: s.pk):  # a fixed order: same outcome on a retry
        try:
            placements.append(
                placement_create(
                    student=student,
                    assignment=assignment,
                    start_date=start_date,
                    end_date=end_date,
                    supervisor=supervisor,
                    notes=notes,
                    actor=actor,
                    rotation_override_reason=rotation_override_reason,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Nobody was placed. %(student)s: %(error)s") % {"student": student, "error": " ".join(exc.messages)},
                code=exc.code if hasattr(exc, "code") else None,
            ) from exc
    if assignment.is_group:
        project_group_create(placements=placements, name=group_name, lead=lead, actor=actor)
    return placements


# --- project groups --------------------------------------------------------------------------------


def _group_name_check(*, assignment: Assignment, name: str, exclude_id=None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the group a name."), code="group_name")
    if ProjectGroup.objects.filter(assignment=assignment, name=name).exclude(pk=exclude_id).exists():
        raise ValidationError(_("This assignment has a group of that name already."), code="group_name")
    return name


def project_group_create(*, placements: list[Placement], name: str = "", lead: Student | None = None, actor=None):
    """Make the placements (all on one group assignment) a project group, `lead`'s placement its lead.
    Called by placement_group_create inside its transaction. Raises ValidationError for an empty or
    repeated name."""
    assignment = placements[0].assignment
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()  # one "Groep N" at a time
    if not name.strip():
        taken = set(assignment.project_groups.values_list("name", flat=True))
        number = len(taken) + 1
        while _("Group %(number)d") % {"number": number} in taken:
            number += 1
        name = _("Group %(number)d") % {"number": number}
    group = ProjectGroup.objects.create(assignment=assignment, name=_group_name_check(assignment=assignment, name=name))
    ProjectGroupMember.objects.bulk_create(
        ProjectGroupMember(group=group, placement=p, is_lead=lead is not None and p.student_id == lead.pk)
        for p in placements
    )
    changes = {"name": group.name, "members": [str(p.student) for p in placements], "lead": str(lead or "")}
    audit_log(actor=actor, action="project_group.created", instance=group, changes=changes)
    return group


@transaction.atomic
def project_group_update(*, group: ProjectGroup, name: str, lead: ProjectGroupMember | None, actor=None):
    """Rename the group and make `lead` (one of its members, or nobody) its lead. Audited.
    Raises ValidationError for an empty or repeated name or a lead from outside the group."""
    if lead is not None and lead.group_id != group.pk:
        raise ValidationError(_("The lead must be a member of the group."), code="lead")
    name = _group_name_check(assignment=group.assignment, name=name, exclude_id=group.pk)
    members = list(group.members.select_for_update().select_related("placement__student__user"))
    before = {"name": group.name, "lead": next((str(m.placement.student) for m in members if m.is_lead), "")}
    group.name = name
    group.save(update_fields=["name"])
    group.members.filter(is_lead=True).exclude(pk=getattr(lead, "pk", None)).update(is_lead=False)
    if lead is not None:
        group.members.filter(pk=lead.pk).update(is_lead=True)
    after = {"name": name, "lead": str(lead.placement.student) if lead else ""}
    audit_log(actor=actor, action="project_group.updated", instance=group, changes=diff(before, after))
    return group


@transaction.atomic
def project_group_schedule_presentation(
    *,
    group: ProjectGroup,
    date: date | None,
    start_time: time | None = None,
    end_time: time | None = None,
    location: str = "",
    actor=None,
) -> ProjectGroup:
    """Set (or, with no date, clear) the slot of the group's final presentation. Audited. Raises
    ValidationError for a time without a date or an end time not after the start time."""
    if date is None and (start_time or end_time or location.strip()):
        raise ValidationError({"date": _("Choose the date of the presentation.")}, code="time")
    if end_time and not start_time:
        raise ValidationError({"start_time": _("Enter the start time as well.")}, code="time")
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("The end time must be after the start time.")}, code="time")
    fields = ["presentation_date", "presentation_start_time", "presentation_end_time", "presentation_location"]

    def slot():
        return {k: v.isoformat() if isinstance(v, time) else v for k, v in snapshot(group, fields).items()}

    before = slot()
    group.presentation_date, group.presentation_start_time = date, start_time
    group.presentation_end_time, group.presentation_location = end_time, location.strip()
    group.save(update_fields=fields)
    changes = diff(before, slot())
    audit_log(actor=actor, action="project_group.presentation_scheduled", instance=group, changes=changes)
    return group


# --- activities ---------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    programme: Programme,
    title: str,
    date: date,
    kind: str = Activity.Kind.TRAINING,
    cohort: Cohort | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    location: str = "",
    description: str = "",
    actor=None,
) -> Activity:
    """Plan an activity (training, intervision, final presentation) for one cohort, or for every student
    of the programme's cohorts when no cohort is given. Each participant gets an attendance row, not yet
    registered. Raises ValidationError (nothing written) for a cohort of another programme or an end
    time before the start time."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("This cohort belongs to another programme.")}, code="cohort")
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("The end time must be after the start time.")}, code="time")
    activity = Activity.objects.create(
        programme=programme,
        title=title,
        kind=kind,
        date=date,
        start_time=start_time,
        end_time=end_time,
        location=location,
        description=description,
    )
    in_scope = {"cohorts": cohort} if cohort else {"cohorts__programme": programme}
    students = Student.objects.filter(**in_scope)
    student_ids = sorted(set(students.values_list("pk", flat=True)))
    Attendance.objects.bulk_create(Attendance(activity=activity, student_id=pk) for pk in student_ids)
    changes = {k: v.isoformat() if isinstance(v, time) else v for k, v in snapshot(activity).items()}
    changes |= {"cohort": str(cohort) if cohort else None, "participants": len(student_ids)}
    audit_log(actor=actor, action="activity.created", instance=activity, changes=changes)
    return activity


@transaction.atomic
def attendance_register(*, activity: Activity, attended: dict[int, bool | None], actor=None, today=None) -> int:
    """Record who attended: `attended` maps student id -> True (present), False (absent) or None (unknown).

    All or nothing: a student who is not a participant, or an activity still in the future, raises
    ValidationError and nothing changes. One audit entry lists every change. Returns the number changed.
    """
    today = today or timezone.localdate()
    if activity.date > today:
        raise ValidationError(_("Attendance can be registered from the day of the activity onwards."), code="future")
    rows = {row.student_id: row for row in activity.attendances.select_for_update().select_related("student__user")}
    if set(attended) - set(rows):
        raise ValidationError(_("Some students are not participants of this activity."), code="participant")
    changed, changes = [], {}
    for student_id, value in attended.items():
        row = rows[student_id]
        if row.attended is not value:
            changes[str(row.student)] = [row.attended, value]
            row.attended = value
            changed.append(row)
    Attendance.objects.bulk_update(changed, ["attended"])
    if changed:
        audit_log(actor=actor, action="activity.attendance_registered", instance=activity, changes=changes)
    return len(changed)


ASSIGNMENT_FIELDS = [
    "unit",
    "title",
    "description",
    "capacity",
    "min_capacity",
    "available_from",
    "available_until",
    "default_supervisor",
    "wanted_backgrounds",
    "wanted_levels",
    "is_group",
    "is_active",
]


def assignment_check(*, values: dict) -> dict:
    """The rules of an assignment's fields, for the set-up pages, the import and the admin alike; returns the
    values cleaned (title and tags stripped, tags once each). Raises ValidationError per field: an empty title,
    a capacity below 1 or under the minimum, an availability ending before it starts, an unknown level, or a
    default supervisor who works in no unit of the assignment's unit's organisation."""
    errors = {}
    values["title"] = values.get("title", "").strip()
    if not values["title"]:
        errors["title"] = _("An assignment needs a title.")
    capacity, minimum = values.get("capacity", 1), values.get("min_capacity", 0)
    if capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    elif minimum > capacity:
        errors["min_capacity"] = _("The minimum must not exceed the capacity.")
    start, end = values.get("available_from"), values.get("available_until")
    if start and end and end < start:
        errors["available_until"] = _("The end of availability must not be before its start.")
    values["wanted_backgrounds"] = list(
        dict.fromkeys(t.strip() for t in values.get("wanted_backgrounds") or [] if t.strip())
    )
    values["wanted_levels"] = list(dict.fromkeys(values.get("wanted_levels") or []))
    if unknown := [level for level in values["wanted_levels"] if level not in Level.values]:
        errors["wanted_levels"] = _("Unknown level %(value)s.") % {"value": ", ".join(map(str, unknown))}
    supervisor, unit = values.get("default_supervisor"), values.get("unit")
    if supervisor is not None and unit is not None and not supervisor_works_for(supervisor, unit.organisation_id):
        errors["default_supervisor"] = _("%(person)s does not work at %(organisation)s, the unit's organisation.") % {
            "person": supervisor,
            "organisation": unit.organisation,
        }
    if errors:
        raise ValidationError(errors)
    return values


def supervisor_works_for(supervisor: Supervisor, organisation_id: int) -> bool:
    """A supervisor belongs to an organisation through the units they work in."""
    return supervisor.units.filter(organisation_id=organisation_id).exists()


@transaction.atomic
def assignment_create(*, programme, unit, title: str, actor=None, **values) -> Assignment:
    """Offer an assignment of a unit in a programme: title, description, capacity and minimum per round,
    availability, the wanted backgrounds and levels the matching weighs, and a default supervisor of the
    unit's organisation. Raises ValidationError per field (see assignment_check), writing nothing."""
    values = assignment_check(values={**values, "unit": unit, "title": title})
    unknown = values.keys() - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"assignment_create() got unexpected fields {sorted(unknown)}")
    assignment = Assignment.objects.create(programme=programme, **values)
    audit_log(actor=actor, action="assignment.created", instance=assignment, changes=snapshot(assignment))
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, actor=None, **values) -> Assignment:
    """Change an assignment's fields (the same checks as assignment_create), audited with what changed.
    Placements made already keep their supervisor and period."""
    unknown = values.keys() - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"assignment_update() got unexpected fields {sorted(unknown)}")
    current = {field: getattr(assignment, field) for field in ASSIGNMENT_FIELDS}
    values = assignment_check(values={**current, **values})
    try:
        with transaction.atomic():
            save_audited(instance=assignment, values=values, actor=actor, action="assignment.updated")
    except IntegrityError as exc:  # the database refuses a capacity below a day's live placements
        for field, value in current.items():
            setattr(assignment, field, value)
        raise ValidationError(
            {"capacity": _("More students are placed on a day of this assignment than this capacity allows.")},
            code="capacity",
        ) from exc
    return assignment


# --- learning goals --------------------------------------------------------------------------------


def _goal_check_new(*, placement: Placement, description: str, exclude_id=None) -> str:
    description = description.strip()
    if not description:
        raise ValidationError(_("Describe the learning goal."), code="goal_empty")
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement gets no learning goals."), code="cancelled")
    if placement.learning_goals.filter(description=description).exclude(pk=exclude_id).exists():
        raise ValidationError(_("The placement has this learning goal already."), code="goal_twice")
    return description


@transaction.atomic
def learning_goal_create(*, placement: Placement, description: str, actor=None) -> LearningGoal:
    """Add a learning goal after the placement's others, on any placement (ad hoc, group or round).
    Raises ValidationError for an empty or repeated goal, or a cancelled placement."""
    Placement.objects.select_for_update().filter(pk=placement.pk).first()  # one position per goal
    description = _goal_check_new(placement=placement, description=description)
    position = (placement.learning_goals.aggregate(last=Max("position"))["last"] or 0) + 1
    goal = placement.learning_goals.create(description=description, position=position)
    audit_log(actor=actor, action="learning_goal.added", instance=placement, changes={"learning_goal": description})
    return goal


@transaction.atomic
def learning_goals_copy(*, placement: Placement, goals: list[ProgrammeGoal], actor=None) -> list[LearningGoal]:
    """Copy standard goals of the placement's programme onto it, in their order; a goal the placement
    has already is skipped. Raises ValidationError (nothing copied) for another programme's goal."""
    if any(goal.programme_id != placement.assignment.programme_id for goal in goals):
        raise ValidationError(_("Only the standard goals of the placement's programme can be copied."), code="foreign")
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement gets no learning goals."), code="cancelled")
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    have = set(placement.learning_goals.values_list("description", flat=True))
    position = (placement.learning_goals.aggregate(last=Max("position"))["last"] or 0) + 1
    new = []
    for goal in sorted(goals, key=lambda g: (g.position, g.pk)):
        if goal.description not in have:
            have.add(goal.description)
            new.append(LearningGoal(placement=placement, description=goal.description, position=position + len(new)))
    LearningGoal.objects.bulk_create(new)
    if new:
        audit_log(
            actor=actor,
            action="learning_goal.copied",
            instance=placement,
            changes={"learning_goals": [g.description for g in new]},
        )
    return new


@transaction.atomic
def learning_goal_update(*, goal: LearningGoal, description: str, actor=None) -> LearningGoal:
    """Reword a learning goal (an assessment given already stays with it). Raises ValidationError."""
    before = goal.description
    goal.description = _goal_check_new(placement=goal.placement, description=description, exclude_id=goal.pk)
    goal.save(update_fields=["description"])
    if goal.description != before:
        changes = {"learning_goal": [before, goal.description]}
        audit_log(actor=actor, action="learning_goal.changed", instance=goal.placement, changes=changes)
    return goal


@transaction.atomic
def learning_goal_delete(*, goal: LearningGoal, actor=None) -> None:
    """Remove a learning goal. Raises ValidationError when it was assessed already (in an evaluation, a
    draft included): the assessment would lose its goal; reword it instead."""
    try:
        with transaction.atomic():
            goal.delete()
    except RestrictedError as exc:  # the assessments' foreign key (RESTRICT) is the backstop
        raise ValidationError(
            _("This learning goal has been assessed already, so it stays; you can reword it."), code="assessed"
        ) from exc
    audit_log(
        actor=actor,
        action="learning_goal.removed",
        instance=goal.placement,
        changes={"learning_goal": goal.description},
    )
