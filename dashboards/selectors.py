"""The role home pages' data, each gathered from the selectors of the apps below.

The student's page: their placements (current, next, history), cohorts, coming rounds and activities.
The supervisor's page: their students now, next and before. The leader's dashboard: programmes with
cohorts, occupancy per unit, coming rounds and students without a next placement. The school supervisor's
page: their school's students with current placement, goals' levels and pending evaluations. The leaders'
student page and cohort roster.

This app sits above every app it reads, so it asks their selectors directly; a core.hooks registry is for a
lower app's page showing sections of higher apps (the placement's page and its panels).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator

from documents.selectors import Cell as DocumentCell
from documents.selectors import documents_of_student_in
from evaluations.models import EvaluationRequest
from evaluations.selectors import requests_of_placements, requests_pending_for_placements
from exchanges.selectors import organisation_counts
from hours.models import HoursWeek
from hours.selectors import hours_summaries, hours_weeks_to_review
from logbook.selectors import logbook_summaries
from notifications.models import Notification
from notifications.selectors import notifications_about
from placements.access import placements_for_user, placements_led_by
from placements.models import Attendance, Placement
from placements.selectors import (
    CATCH_UP_DAYS,
    attendances_of_student,
    learning_goal_grids,
    occupancy_by_unit,
    placements_behind,
    placements_ending_without_next,
    placements_of_student,
    placements_supervised,
)
from programmes.access import programmes_for_user, school_students_for_user
from programmes.models import Cohort, Programme, RotationRound, Student
from programmes.selectors import (
    cohorts_of_student,
    programmes_with_cohorts,
    rotation_rounds_ahead_for_student,
    rotation_rounds_coming,
)
from rounds.models import Preference
from rounds.selectors import preferences_of_student


@dataclass
class StudentOverview:
    current: Placement | None
    upcoming: list[Placement]
    history: list[Placement]
    next_round: RotationRound | None
    open_rounds: list[RotationRound]  # preferences open: to rank now
    cohorts: list[Cohort] = field(default_factory=list)
    upcoming_activities: list[Attendance] = field(default_factory=list)
    past_activities: list[Attendance] = field(default_factory=list)


def student_overview(*, student_id: int, today: date) -> StudentOverview:
    """The student's own page, in four queries (placements, rounds, activities and cohorts) and two for
    the learning goals with their levels, set on each placement as `goal_grid` (None: no goals)."""
    placements = list(placements_of_student(student_id=student_id))
    grids = learning_goal_grids(placement_ids=[p.pk for p in placements], for_student=True) if placements else {}
    for placement in placements:
        placement.goal_grid = grids.get(placement.pk)
    rounds = list(rotation_rounds_ahead_for_student(student_id=student_id, today=today))
    attendances = list(attendances_of_student(student_id=student_id))
    return StudentOverview(
        current=next((p for p in placements if p.start_date <= today <= p.end_date), None),
        upcoming=[p for p in placements if p.start_date > today],
        history=[p for p in reversed(placements) if p.end_date < today],
        next_round=next((r for r in rounds if r.start_date > today and r.state != RotationRound.State.CLOSED), None),
        open_rounds=[r for r in rounds if r.state == RotationRound.State.PREFERENCES_OPEN],
        cohorts=list(cohorts_of_student(student_id=student_id)),
        upcoming_activities=[a for a in attendances if a.activity.date >= today],
        past_activities=[a for a in reversed(attendances) if a.activity.date < today],
    )


@dataclass
class SupervisorOverview:
    current: list[Placement]
    upcoming: list[Placement]
    history: list[Placement]


def supervisor_overview(*, supervisor_id: int, today: date) -> SupervisorOverview:
    """The supervisor's students now, next and before, with their learning goals (two queries)."""
    placements = list(placements_supervised(supervisor_id=supervisor_id))
    return SupervisorOverview(
        current=[p for p in placements if p.start_date <= today <= p.end_date],
        upcoming=[p for p in placements if p.start_date > today],
        history=[p for p in reversed(placements) if p.end_date < today],
    )


BEHIND_SHOWN = 10


@dataclass
class LeaderDashboard:
    programmes: list[Programme]
    occupancy: list[dict]  # placements_selectors.occupancy_by_unit rows
    upcoming_rounds: list[RotationRound]
    without_next: list[Placement]
    behind: list[Placement]  # the oldest BEHIND_SHOWN of placements_behind
    behind_count: int

    catch_up_days: int = CATCH_UP_DAYS  # how late the daily job still starts and completes placements

    @property
    def programme_ids(self) -> list[int]:
        return [programme.pk for programme in self.programmes]

    @property
    def active_count(self) -> int:
        return sum(row["active"] for row in self.occupancy)

    def occupancy_chart(self) -> dict:
        """The data of the occupancy chart (rendered with json_script, drawn by static/js/occupancy-chart.js)."""
        return {
            "labels": [row["unit_name"] for row in self.occupancy],
            "active": [row["active"] for row in self.occupancy],
            "capacity": [row["capacity"] for row in self.occupancy],
        }


def leader_dashboard(*, user, today: date) -> LeaderDashboard:
    """Cohorts per programme, active placements per unit, the coming rotations and the placements waiting for
    a decision, in a fixed number of queries: programmes and their cohorts (2), occupancy and capacity (2),
    rounds (1), without next (1), behind (1, and 1 more for the rows when there are any)."""
    programmes = programmes_with_cohorts(programmes=programmes_for_user(user))
    ids = [programme.pk for programme in programmes]
    # Exchange programmes count professionals (deelnemers), not students: one query, only when there is one.
    exchanges = [programme.pk for programme in programmes if programme.kind == Programme.Kind.EXCHANGE]
    counts = organisation_counts(programme_ids=exchanges) if exchanges else {}
    for programme in programmes:
        programme.exchange_counts = counts.get(programme.pk, {"professionals": 0, "organisations": 0})
    behind, behind_count = placements_behind(programme_ids=ids, today=today, shown=BEHIND_SHOWN)
    return LeaderDashboard(
        programmes=programmes,
        occupancy=occupancy_by_unit(programme_ids=ids, today=today),
        upcoming_rounds=list(rotation_rounds_coming(programme_ids=ids, today=today)),
        without_next=list(placements_ending_without_next(programme_ids=ids, today=today)),
        behind=behind,
        behind_count=behind_count,
    )


def placements_with_hours_and_logbook(placements: list[Placement]) -> list[Placement]:
    """Sets `hours_summary` and `logbook_summary` (None: no entries) on each placement (two queries, none
    without placements)."""
    ids = [placement.pk for placement in placements]
    hours = hours_summaries(placement_ids=ids)
    logbook = logbook_summaries(placement_ids=ids)
    for placement in placements:
        placement.hours_summary = hours.get(placement.pk)
        placement.logbook_summary = logbook.get(placement.pk)
    return placements


def weeks_to_approve(*, supervisor_id: int) -> list[HoursWeek]:
    return list(hours_weeks_to_review(supervisor_id=supervisor_id))


@dataclass
class SchoolStudentRow:
    student: Student
    placement: Placement | None  # the current one (the first, if two programmes overlap)
    goals: list[tuple[str, str, str]]  # per learning goal: description, supervisor's and student's latest level
    pending: list[EvaluationRequest]


SCHOOL_STUDENTS_PER_PAGE = 50


def school_overview(*, user, today: date, page_number) -> tuple[Page, list[SchoolStudentRow]]:
    """One page of the school supervisor's students (by name) with their current placement, its learning
    goals' latest levels and its pending evaluations: seven queries at most, whatever the page holds
    (count and page of students, current placements, goals and their levels, pending requests)."""
    students = school_students_for_user(user).select_related("user", "school", "school_supervisor__user")
    page = Paginator(students.order_by("user__name", "pk"), SCHOOL_STUDENTS_PER_PAGE).get_page(page_number)
    current: dict[int, Placement] = {}
    ids = [student.pk for student in page]
    if ids:
        # Through the access module: only the placements the person may open (their school takes part).
        for placement in (
            placements_for_user(user)
            .live()
            .filter(student_id__in=ids, start_date__lte=today, end_date__gte=today)
            .select_related("assignment__unit__organisation", "assignment__programme", "supervisor__user")
            .order_by("start_date", "pk")
        ):
            current.setdefault(placement.student_id, placement)
    placement_ids = [placement.pk for placement in current.values()]
    grids = learning_goal_grids(placement_ids=placement_ids) if placement_ids else {}
    pending = requests_pending_for_placements(placement_ids=placement_ids) if placement_ids else {}
    rows = []
    for student in page:
        placement = current.get(student.pk)
        grid = grids.get(placement.pk) if placement else None
        goals = [
            (row.goal.description, *(row.levels[-1] if row.levels else ("", ""))) for row in (grid.rows if grid else [])
        ]
        rows.append(SchoolStudentRow(student, placement, goals, pending.get(placement.pk, []) if placement else []))
    return page, rows


# --- the student's page and the cohort's roster, for the programmes' leaders -----------------------------


@dataclass
class StudentProfile:
    """Everything a leader knows of one student in the programmes they lead."""

    student: Student
    cohorts: list[Cohort]
    current: list[Placement]
    upcoming: list[Placement]
    history: list[Placement]
    documents: list[DocumentCell]
    evaluations: list[EvaluationRequest]
    preferences: list[tuple[RotationRound, list[Preference]]]  # per round, newest first
    messages: list[Notification]

    @property
    def placements(self) -> list[Placement]:
        return [*self.current, *self.upcoming, *self.history]


STUDENT_MESSAGES_SHOWN = 20


def student_profile(*, user, student: Student, today: date) -> StudentProfile:
    """The student's page: cohorts (1 query), placements now, next and before with their supervisors (1), their
    learning goals and levels (2, 1 without goals), hours and logbook (2), documents (2), evaluation requests
    (1), ranked preferences (1) and the latest e-mails about them (1): eleven at any data size. Only what lies
    in the programmes the person leads (an administrator: all)."""
    led = programmes_for_user(user).values("pk")  # a subquery of each read below, not a list
    placements = list(
        placements_led_by(user)
        .live()
        .filter(student=student)
        .select_related("assignment__unit__organisation", "assignment__programme", "supervisor__user")
        .order_by("start_date", "pk")
    )
    ids = [placement.pk for placement in placements]
    grids = learning_goal_grids(placement_ids=ids) if ids else {}
    requests = requests_of_placements(placement_ids=ids) if ids else []
    placements_with_hours_and_logbook(placements)
    for placement in placements:
        placement.goal_grid = grids.get(placement.pk)
        placement.requests = [r for r in requests if r.placement_id == placement.pk]
    rounds: dict[int, tuple[RotationRound, list[Preference]]] = {}
    for preference in preferences_of_student(student_id=student.pk, programme_ids=led):
        rounds.setdefault(preference.rotation_round_id, (preference.rotation_round, []))[1].append(preference)
    return StudentProfile(
        student=student,
        cohorts=list(cohorts_of_student(student_id=student.pk).filter(programme__in=led)),
        current=[p for p in placements if p.start_date <= today <= p.end_date],
        upcoming=[p for p in placements if p.start_date > today],
        history=[p for p in reversed(placements) if p.end_date < today],
        documents=documents_of_student_in(student=student, programme_ids=led, today=today),
        evaluations=requests,
        preferences=list(rounds.values()),
        messages=list(notifications_about(student_id=student.pk)[:STUDENT_MESSAGES_SHOWN]),
    )


@dataclass
class RosterRow:
    student: Student
    current: Placement | None
    next: Placement | None


ROSTER_PER_PAGE = 100


def cohort_roster(*, cohort: Cohort, today: date, page_number) -> tuple[Page, list[RosterRow]]:
    """One page of the cohort's members by name, each with their current and next placement in the cohort's
    programme: three queries whatever the cohort's size (count, the page's students, their placements from
    today on)."""
    students = cohort.students.select_related("user", "school").order_by("user__name", "pk")
    page = Paginator(students, ROSTER_PER_PAGE).get_page(page_number)
    rows = {student.pk: RosterRow(student=student, current=None, next=None) for student in page}
    if rows:
        for placement in (
            Placement.objects.live()
            .filter(student_id__in=rows, assignment__programme_id=cohort.programme_id, end_date__gte=today)
            .select_related("assignment__unit", "supervisor__user")
            .order_by("student_id", "start_date", "pk")
        ):
            row = rows[placement.student_id]
            if placement.start_date <= today:
                row.current = row.current or placement
            elif row.next is None:
                row.next = placement
    return page, list(rows.values())
