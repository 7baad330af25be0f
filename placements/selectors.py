"""Reads of placements, assignments and activities for the role pages and the leader's pages.

What a person may see is decided in placements.access; these functions take what is already in scope
(a student's or supervisor's profile id, a leader's programme ids).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from core.hooks import learning_goal_levels
from organisations.models import Unit
from programmes.access import leader_scope
from programmes.models import Cohort, Supervisor

from .access import activities_for_user, placements_led_by
from .models import Activity, Assignment, Attendance, LearningGoal, Placement, ProjectGroup, ProjectGroupMember


def placements_of_student(*, student_id: int) -> QuerySet[Placement]:
    """The student's live placements in date order, with what their cards show."""
    return (
        Placement.objects.live()
        .filter(student_id=student_id)
        .select_related("assignment__unit__organisation", "supervisor__user")
        .order_by("start_date", "pk")
    )


# What a row of the supervisor's students shows: a supervisor lists every student they ever had.
SUPERVISED_ROW = (
    "public_id",
    "start_date",
    "end_date",
    "student__school__name",
    "student__user__name",
    "student__user__email",  # the contact of a current or coming student
    "student__user__phone",
    "assignment__title",
    "assignment__unit__name",
)


def units_done(
    *, programme_id: int, students, exclude_round_id=None, exclude_placement_id=None
) -> dict[int, frozenset]:
    """The rotation rule's one source: per student (of `students`, a queryset or ids), the units already done
    in this programme: the unit of each of their live placements in it (planned ones included: a student
    does not return to a unit already planned for them either) and every unit below it in the unit tree.
    Students with none are left out. Two queries whatever the number of students (the matching asks for a
    whole cohort); the placements of `exclude_round_id` (a round's own) and `exclude_placement_id` (the
    one being changed) do not count."""
    placements = (
        Placement.objects.live()
        .filter(assignment__programme_id=programme_id, student__in=students)
        .exclude(pk=exclude_placement_id)
        .order_by()
    )
    if exclude_round_id is not None:
        placements = placements.exclude(rotation_round_id=exclude_round_id)
    rows = list(placements.values_list("student_id", "assignment__unit_id").distinct())
    if not rows:
        return {}
    organisations = Unit.objects.filter(pk__in=placements.values("assignment__unit_id")).values("organisation_id")
    children: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(organisation__in=organisations, parent__isnull=False).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    below: dict[int, frozenset] = {}  # unit -> itself and the units under it, worked out once per unit

    def with_sub_units(unit_id: int) -> frozenset:
        if unit_id not in below:
            found, todo = {unit_id}, [unit_id]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in found:  # a cycle in bad data ends here
                        found.add(child)
                        todo.append(child)
            below[unit_id] = frozenset(found)
        return below[unit_id]

    done: dict[int, set] = {}
    for student_id, unit_id in rows:
        done.setdefault(student_id, set()).update(with_sub_units(unit_id))
    return {student_id: frozenset(units) for student_id, units in done.items()}


def placements_supervised(*, supervisor_id: int) -> QuerySet[Placement]:
    """The supervisor's live placements (every student they ever had) with student, unit and learning goals."""
    goals = LearningGoal.objects.only("placement_id", "description").order_by("position", "pk")
    return (
        Placement.objects.live()
        .filter(supervisor_id=supervisor_id)
        .select_related("student__user", "student__school", "assignment__unit")
        .only(*SUPERVISED_ROW)
        .prefetch_related(Prefetch("learning_goals", queryset=goals))
        .order_by("start_date", "student__user__name", "pk")
    )


def attendances_of_student(*, student_id: int) -> QuerySet[Attendance]:
    """The student's activities with their attendance (None while not registered), in date order."""
    return (
        Attendance.objects.filter(student_id=student_id)
        .select_related("activity")
        .order_by("activity__date", "activity__start_time", "pk")
    )


def occupancy_by_unit(*, programme_ids: list[int], today: date) -> list[dict]:
    """Per unit with placements running today in these programmes: unit_id, unit_name, organisation_name,
    active (placements today) and capacity (of the programmes' active assignments), busiest first.

    Two aggregates, each over what it needs: the placements running today counted per unit (placement
    and assignment only, found per assignment through the index placement_assignment_end), and per unit
    of the programmes' assignments its names and capacity. The names are joined to the units, not to
    every placement counted.
    """
    active = dict(
        Placement.objects.live()
        .filter(assignment__programme__in=programme_ids, start_date__lte=today, end_date__gte=today)
        .values_list("assignment__unit_id")
        .annotate(active=Count("pk"))
        .order_by()
    )
    units = (
        Assignment.objects.filter(programme__in=programme_ids)
        .values("unit_id", unit_name=F("unit__name"), organisation_name=F("unit__organisation__name"))
        .annotate(capacity=Coalesce(Sum("capacity", filter=Q(is_active=True)), 0))
        .order_by("unit_name", "unit_id")
    )
    rows = [{**unit, "active": active[unit["unit_id"]]} for unit in units if unit["unit_id"] in active]
    rows.sort(key=lambda row: -row["active"])  # stable: by name within the same count
    return rows


def placements_ending_without_next(
    *, programme_ids: list[int], today: date, horizon_days: int = 92
) -> QuerySet[Placement]:
    """Current placements in these programmes that end within ~3 months with no later placement of the
    student. Only students of the programmes' cohorts count.

    The programmes' placements ending in the period are found per assignment (placement_assignment_end);
    cohort membership is a semi-join (no DISTINCT over the joined rows) and a later placement an anti-join
    on placement_student_start.
    """
    later = Placement.objects.live().filter(student_id=OuterRef("student_id"), start_date__gt=OuterRef("end_date"))
    members = Cohort.students.through.objects.filter(cohort__programme__in=programme_ids).values("student_id")
    return (
        Placement.objects.live()
        .filter(
            assignment__programme__in=programme_ids,
            start_date__lte=today,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=horizon_days),
            student__in=members,
        )
        .filter(~Exists(later))
        .select_related("student__user", "assignment")
        .order_by("end_date", "student__user__name", "pk")
    )


# The daily status job (placements.services.placements_advance) starts and completes placements up to this
# many days late, when a run was missed; a placement further behind (one planned or running long before the
# job existed) waits for its leader, who sees it on the dashboard (placements_behind).
CATCH_UP_DAYS = 14


def placements_behind(*, programme_ids: list[int], today: date, shown: int = 10) -> tuple[list[Placement], int]:
    """The programmes' placements whose status is behind their dates: still planned after their start date
    (a start gate keeps them, or they ended before the job could start them), or still running more than
    CATCH_UP_DAYS after their end. Returns the oldest `shown` (by start date) and how many there are.

    The ids first, all of them (a leader's backlog): ordered and cut to ten in one statement, PostgreSQL
    walks the start-date index through every placement in the country looking for ten that are behind
    (120 ms at 430,000 placements when none is); filtered by the programmes first it reads a few ranges
    (7 ms). Then the `shown` rows with their student and assignment, when there are any."""
    behind = Q(status=Placement.Status.PLANNED, start_date__lt=today) | Q(
        status=Placement.Status.ACTIVE, end_date__lt=today - timedelta(days=CATCH_UP_DAYS)
    )
    ids = list(
        Placement.objects.filter(behind, assignment__programme__in=programme_ids)
        .order_by("start_date", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return [], 0
    rows = (
        Placement.objects.filter(pk__in=ids[:shown])
        .select_related("student__user", "assignment")
        .order_by("start_date", "pk")
    )
    return list(rows), len(ids)


def activities_for_leader(*, user) -> QuerySet[Activity]:
    """The activities of the programmes this person leads, with participant and attendance counts."""
    return (
        activities_for_user(user)
        .annotate(
            participant_count=Count("attendances"),
            present_count=Count("attendances", filter=Q(attendances__attended=True)),
            absent_count=Count("attendances", filter=Q(attendances__attended=False)),
        )
        .order_by("-date", "-start_time", "title")
    )


def activity_attendances(*, activity: Activity) -> list[Attendance]:
    return list(activity.attendances.select_related("student__user").order_by("student__user__name", "student_id"))


def supervisor_load(*, user, today: date) -> tuple[list[Supervisor], list[dict]]:
    """Live placements today per supervisor and per unit in the programmes the person leads (2 queries).

    A supervisor's load counts all their placements (max_students holds across programmes).
    """
    led = placements_led_by(user)
    live = [Placement.Status.PLANNED, Placement.Status.ACTIVE, Placement.Status.COMPLETED]
    now = Q(placements__status__in=live, placements__start_date__lte=today, placements__end_date__gte=today)
    supervisors = list(
        Supervisor.objects.filter(pk__in=led.values("supervisor_id"))
        .annotate(load=Count("placements", filter=now))
        .select_related("user")
        .order_by("-load", "user__name")
    )
    units = list(
        led.live()
        .filter(start_date__lte=today, end_date__gte=today)
        .values("assignment__unit__name", "assignment__unit__organisation__name")
        .annotate(active=Count("pk"))
        .order_by("assignment__unit__organisation__name", "assignment__unit__name")
    )
    return supervisors, units


@dataclass
class GoalRow:
    goal: LearningGoal
    levels: list[tuple[str, str]]  # per moment of the grid: (the supervisor's, the student's) level, "" if none


@dataclass
class GoalGrid:
    """A placement's learning goals with the supervisor's and the student's level side by side per moment."""

    moments: list[date]
    rows: list[GoalRow]


def learning_goal_grids(*, placement_ids: list[int], for_student: bool = False) -> dict[int, GoalGrid]:
    """Per placement id, its learning goals in order with their levels from submitted evaluations, one
    column pair per evaluation moment (oldest first). Two queries: the goals, and their levels (from the
    apps that record them, core.hooks.learning_goal_levels); one when there are no goals. `for_student`:
    the student's own view (the supervisor's levels only where their programme shares them)."""
    goals = list(
        LearningGoal.objects.filter(placement_id__in=placement_ids)
        .only("placement_id", "description", "position")
        .order_by("placement_id", "position", "pk")
    )
    if not goals:
        return {}
    given = {}
    moments_of = {}
    placement_of = {goal.pk: goal.placement_id for goal in goals}
    for levels in learning_goal_levels:
        for level in levels(goal_ids=list(placement_of), for_student=for_student):
            given[(level.goal_id, level.moment, level.by)] = level.label
            moments_of.setdefault(placement_of[level.goal_id], set()).add(level.moment)
    grids = {}
    for goal in goals:
        moments = sorted(moments_of.get(goal.placement_id, ()))
        grid = grids.setdefault(goal.placement_id, GoalGrid(moments=moments, rows=[]))
        cells = [(given.get((goal.pk, m, "supervisor"), ""), given.get((goal.pk, m, "student"), "")) for m in moments]
        grid.rows.append(GoalRow(goal=goal, levels=cells))
    return grids


def project_group_members(*, group: ProjectGroup) -> list[ProjectGroupMember]:
    """The group's members (cancelled placements left out), the lead first, with their supervisors and
    each one's `school_name` (1 query)."""
    members = list(
        group.members.exclude(placement__status=Placement.Status.CANCELLED)
        .select_related("placement__student__user", "placement__student__school", "placement__supervisor__user")
        .order_by("-is_lead", "placement__student__user__name", "pk")
    )
    for member in members:
        member.school_name = member.placement.student.school_name
    return members


def project_groups_led(*, user) -> QuerySet[ProjectGroup]:
    """The groups of the programmes the person leads with their member count and lead's name (1 query)."""
    live = Q(members__placement__status__in=[s for s in Placement.Status.values if s != Placement.Status.CANCELLED])
    lead = ProjectGroupMember.objects.filter(group=OuterRef("pk"), is_lead=True).values(
        "placement__student__user__name"
    )
    return (
        ProjectGroup.objects.filter(leader_scope(user, programme="assignment__programme"))
        .select_related("assignment__programme")
        .annotate(member_count=Count("members", filter=live), lead_name=Subquery(lead[:1]))
        .order_by("presentation_date", "assignment__title", "name")
    )


# --- the training company (erkend leerbedrijf), for the SBB adviser and the leaders -------------------


@dataclass
class TrainingUnit:
    """A unit offering assignments in the programme: its assignments, the workplace supervisors' names,
    and its placements counted per period (start, end, count, live now). Nothing personal beyond names."""

    name: str
    organisation: str
    address: str
    assignments: list[Assignment] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)
    periods: list[dict] = field(default_factory=list)

    @property
    def placement_count(self) -> int:
        return sum(period["count"] for period in self.periods)


def training_company(*, programme_id: int) -> list[TrainingUnit]:
    """The units offering the programme's assignments, by name, in three queries: the assignments with
    their units, the placements counted per unit and period (SQL aggregate), and the supervisors' names."""
    units: dict[int, TrainingUnit] = {}
    assignments = (
        Assignment.objects.filter(programme_id=programme_id)
        .select_related("unit__organisation")
        .only("title", "capacity", "is_active", "is_group", "unit__name", "unit__address", "unit__organisation__name")
        .order_by("unit__name", "unit_id", "title", "pk")
    )
    for assignment in assignments:
        unit = assignment.unit
        units.setdefault(
            unit.pk, TrainingUnit(name=unit.name, organisation=unit.organisation.name, address=unit.address)
        ).assignments.append(assignment)
    placements = Placement.objects.live().filter(assignment__programme_id=programme_id)
    for row in (
        placements.values("assignment__unit_id", "start_date", "end_date")
        .annotate(count=Count("pk"))
        .order_by("assignment__unit_id", "start_date", "end_date")
    ):
        if row["assignment__unit_id"] in units:
            units[row["assignment__unit_id"]].periods.append(row)
    for unit_id, name in (
        placements.exclude(supervisor=None)
        .values_list("assignment__unit_id", "supervisor__user__name")
        .distinct()
        .order_by("assignment__unit_id", "supervisor__user__name")
    ):
        if unit_id in units:
            units[unit_id].supervisors.append(name)
    return list(units.values())


def placement_waiting_reasons(*, placement: Placement, today: date) -> list[str] | None:
    """Why a planned placement whose start date has come has not started (the start gates' reasons, [] when
    they pass now: the daily job or the leader's button starts it); None for any other placement."""
    # The start gates live with the services that apply them; those read units_done from here.
    from .services import placement_start_blockers, placement_start_rows

    if placement.status != Placement.Status.PLANNED or placement.start_date > today:
        return None
    starts = placement_start_rows(Placement.objects.filter(pk=placement.pk))
    return placement_start_blockers(starts=starts).get(placement.pk, [])
