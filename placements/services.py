"""Writes of the placement domain. Each rule has one function here; views, admin, import and tasks call them.

Every function raises django.core.exceptions.ValidationError with a message fit for the UI when a rule
is broken, and writes nothing in that case.
"""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_log, diff, save_audited, snapshot
from documents.services import documents_blockers
from programmes.models import Cohort, Level, Programme, ProgrammeGoal, Student, Supervisor

from .models import Activity, Assignment, Attendance, LearningGoal, Placement, ProjectGroup, ProjectGroupMember
from .selectors import units_done


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


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    assignment: Assignment,
    start_date: date,
    end_date: date,
    supervisor: Supervisor | None,
    notes: str = "",
    actor=None,
) -> Placement:
    """Move or re-date a placement, with the same rules as placement_create. Raises ValidationError."""
    _check_period(start_date=start_date, end_date=end_date)
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement cannot be changed."), code="cancelled")
    assignment, supervisor = _lock(student=placement.student, assignment=assignment, supervisor=supervisor)
    placement_check_overlap(
        student=placement.student, start_date=start_date, end_date=end_date, exclude_id=placement.pk
    )
    assignment_check_capacity(assignment=assignment, start_date=start_date, end_date=end_date, exclude_id=placement.pk)
    if supervisor is not None:
        supervisor_check_load(supervisor=supervisor, start_date=start_date, end_date=end_date, exclude_id=placement.pk)
    before = snapshot(placement)
    placement.assignment = assignment
    placement.start_date = start_date
    placement.end_date = end_date
    placement.supervisor = supervisor
    placement.notes = notes
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:
        raise ValidationError(_("This placement overlaps another placement of the student."), code="overlap") from exc
    audit_log(actor=actor, action="placement.updated", instance=placement, changes=diff(before, snapshot(placement)))
    return placement


@transaction.atomic
def placement_cancel(*, placement: Placement, actor=None) -> Placement:
    """Cancel a placement; its place becomes free again. A completed placement cannot be cancelled."""
    if placement.status == Placement.Status.COMPLETED:
        raise ValidationError(_("A completed placement cannot be cancelled."), code="completed")
    before = placement.status
    placement.status = Placement.Status.CANCELLED
    placement.save(update_fields=["status"])
    audit_log(
        actor=actor, action="placement.cancelled", instance=placement, changes={"status": [before, placement.status]}
    )
    return placement


@transaction.atomic
def placement_set_status(*, placement: Placement, status: str, actor=None) -> Placement:
    """Move a placement to another status (planned, active, completed, cancelled)."""
    if status == placement.status:
        return placement
    if status == Placement.Status.CANCELLED:
        return placement_cancel(placement=placement, actor=actor)
    if placement.status == Placement.Status.CANCELLED:
        raise ValidationError(_("A cancelled placement cannot be reopened; create a new placement."), code="cancelled")
    if status == Placement.Status.ACTIVE:
        placement_check_documents(
            student=placement.student, assignment=placement.assignment, start_date=placement.start_date
        )
    before = placement.status
    placement.status = status
    placement.save(update_fields=["status"])
    audit_log(actor=actor, action=f"placement.{status}", instance=placement, changes={"status": [before, status]})
    return placement


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
    save_audited(instance=assignment, values=values, actor=actor, action="assignment.updated")
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
