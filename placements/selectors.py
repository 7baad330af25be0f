"""Reads of the placement domain: role-scoped querysets and the data of each role's page.

The scoping functions are the database form of placements.rules; an object outside a person's scope
is simply not found (404).
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.prepared import PreparedQuery
from programmes.models import Cohort, Programme, RotationRound, Student, Supervisor

from .models import Activity, Assignment, Attendance, LearningGoal, Placement


def programmes_led_by(user) -> QuerySet[Programme]:
    if user.is_superuser:
        return Programme.objects.all()
    return _programmes_led_by_id(user.pk)


def _programmes_led_by_id(user_id) -> QuerySet[Programme]:
    return Programme.objects.filter(leader_grants__user=user_id)


def cohorts_led_by(user) -> QuerySet[Cohort]:
    return Cohort.objects.filter(programme__in=programmes_led_by(user)).select_related("programme")


def placements_visible_to(user) -> QuerySet[Placement]:
    """Every placement the person may see: their own, the ones they supervise, or in a programme they lead."""
    if not user.is_authenticated:
        return Placement.objects.none()
    if user.is_superuser:
        return Placement.objects.all()
    led = Programme.objects.filter(leader_grants__user=user).values("pk")
    return Placement.objects.filter(Q(student__user=user) | Q(supervisor__user=user) | Q(assignment__programme__in=led))


def placement_get_for_user(*, user, public_id) -> Placement:
    """The placement with this public id if the person may see it, else 404."""
    return get_object_or_404(
        placements_visible_to(user).select_related(
            "student__user",
            "supervisor__user",
            "assignment__unit__organisation",
            "assignment__programme",
            "rotation_round__cohort",
        ),
        public_id=public_id,
    )


def programme_get_for_leader(*, user, pk) -> Programme:
    return get_object_or_404(programmes_led_by(user), pk=pk)


@dataclass(slots=True)
class PlacementCard:
    """What a placement's card shows (placements/_placement_card.html): read as values on the student's
    page, taken from the placement on its own page (PlacementCard.of). The supervisor's fields are None
    while the placement has no supervisor."""

    public_id: UUID
    start_date: date
    end_date: date
    status: str
    title: str
    description: str
    unit_name: str
    unit_address: str
    organisation_name: str
    supervisor_name: str | None
    supervisor_email: str | None
    supervisor_phone: str | None

    @property
    def status_label(self) -> str:
        return Placement.Status(self.status).label

    @classmethod
    def of(cls, placement: Placement) -> "PlacementCard":
        assignment, unit, person = placement.assignment, placement.assignment.unit, None
        if placement.supervisor_id is not None:
            person = placement.supervisor.user
        return cls(
            placement.public_id,
            placement.start_date,
            placement.end_date,
            placement.status,
            assignment.title,
            assignment.description,
            unit.name,
            unit.address,
            unit.organisation.name,
            *((person.name, person.email, person.phone) if person else (None, None, None)),
        )


# What each field of PlacementCard is read from, in the order of its fields.
_CARD_COLUMNS = (
    "public_id",
    "start_date",
    "end_date",
    "status",
    "assignment__title",
    "assignment__description",
    "assignment__unit__name",
    "assignment__unit__address",
    "assignment__unit__organisation__name",
    "supervisor__user__name",
    "supervisor__user__email",
    "supervisor__user__phone",
)


@dataclass(slots=True)
class CohortRow:
    name: str
    programme_name: str


@dataclass(slots=True)
class RoundRow:
    pk: int
    name: str
    start_date: date
    preferences_deadline: date | None
    state: str


@dataclass(slots=True)
class ActivityRow:
    """An activity on the student's page, with the student's attendance (None while not registered)."""

    title: str
    kind: str
    date: date
    start_time: time | None
    end_time: time | None
    location: str
    attended: bool | None

    @property
    def kind_label(self) -> str:
        return Activity.Kind(self.kind).label


@dataclass
class StudentOverview:
    student: Student
    current: PlacementCard | None
    upcoming: list[PlacementCard]
    history: list[PlacementCard]
    next_round: RoundRow | None
    cohorts: list[CohortRow] = field(default_factory=list)
    upcoming_activities: list[ActivityRow] = field(default_factory=list)
    past_activities: list[ActivityRow] = field(default_factory=list)
    open_rounds: list[RoundRow] = field(default_factory=list)  # preferences open, to rank now


_STUDENT_PLACEMENTS = PreparedQuery(
    lambda student: Placement.objects.live().filter(student=student).order_by().values_list(*_CARD_COLUMNS),
    student=int,
)
_STUDENT_ACTIVITIES = PreparedQuery(
    lambda student: (
        Attendance.objects.filter(student=student)
        .order_by("activity__date", "activity__start_time")
        .values_list(
            "activity__title",
            "activity__kind",
            "activity__date",
            "activity__start_time",
            "activity__end_time",
            "activity__location",
            "attended",
        )
    ),
    student=int,
)
_STUDENT_COHORTS = PreparedQuery(
    lambda student: Cohort.objects.filter(students=student).values_list("name", "programme__name"), student=int
)
# The rounds of the student's cohorts still to come or open for preferences.
_STUDENT_ROUNDS = PreparedQuery(
    lambda student, today: (
        RotationRound.objects.filter(
            (Q(start_date__gt=today) & ~Q(state=RotationRound.State.CLOSED))
            | Q(state=RotationRound.State.PREFERENCES_OPEN),
            cohort__students=student,
        )
        .order_by("start_date", "pk")
        .values_list("pk", "name", "start_date", "preferences_deadline", "state")
    ),
    student=int,
    today=date,
)


def student_overview(*, student: Student, today: date | None = None) -> StudentOverview:
    """The student's current placement, what comes next, the history, the rounds to rank and the
    activities, in four queries. Each reads only what the student's page shows, as values: the page is the
    student's own, so the student and the programme of each placement are not read again. All four are
    prepared (core.prepared): on reads this small Django's compiling and model instances cost more than
    the queries."""
    today = today or timezone.localdate()
    # A student has a few placements and rounds: they are put in date order here, not by an ORDER BY.
    placements = sorted(
        (PlacementCard(*row) for row in _STUDENT_PLACEMENTS(student=student.pk)), key=lambda card: card.start_date
    )
    current = next((p for p in placements if p.start_date <= today <= p.end_date), None)
    upcoming = [p for p in placements if p.start_date > today]
    history = [p for p in reversed(placements) if p.end_date < today]
    rounds = [RoundRow(*row) for row in _STUDENT_ROUNDS(student=student.pk, today=today)]
    next_round = next((r for r in rounds if r.start_date > today and r.state != RotationRound.State.CLOSED), None)
    activities = [ActivityRow(*row) for row in _STUDENT_ACTIVITIES(student=student.pk)]
    return StudentOverview(
        student=student,
        current=current,
        upcoming=upcoming,
        history=history,
        next_round=next_round,
        cohorts=[CohortRow(*row) for row in _STUDENT_COHORTS(student=student.pk)],
        upcoming_activities=[a for a in activities if a.date >= today],
        past_activities=[a for a in reversed(activities) if a.date < today],
        open_rounds=[r for r in rounds if r.state == RotationRound.State.PREFERENCES_OPEN],
    )


@dataclass(slots=True)
class SupervisedPlacement:
    """A row of the supervisor's page, read as plain values: the page lists every student the supervisor
    ever had, and five model instances per row (placement, student, person, assignment, unit) cost it
    more than its query did."""

    pk: int
    public_id: UUID
    start_date: date
    end_date: date
    student_name: str
    institution: str
    assignment_title: str
    unit_name: str
    goals: list[str] = field(default_factory=list)


# What each field of SupervisedPlacement is read from, in the order of its fields.
_SUPERVISED_COLUMNS = (
    "pk",
    "public_id",
    "start_date",
    "end_date",
    "student__user__name",
    "student__institution",
    "assignment__title",
    "assignment__unit__name",
)


@dataclass
class SupervisorOverview:
    supervisor: Supervisor
    current: list[SupervisedPlacement]
    upcoming: list[SupervisedPlacement]
    history: list[SupervisedPlacement]


_SUPERVISED = PreparedQuery(
    lambda supervisor: (
        Placement.objects.live()
        .filter(supervisor=supervisor)
        .order_by("start_date", "student__user__name")
        .values_list(*_SUPERVISED_COLUMNS)
    ),
    supervisor=int,
)
_SUPERVISED_GOALS = PreparedQuery(
    lambda supervisor: (
        LearningGoal.objects.filter(placement__in=Placement.objects.live().filter(supervisor=supervisor))
        .order_by("position", "id")
        .values_list("placement_id", "description")
    ),
    supervisor=int,
)


def supervisor_overview(*, supervisor: Supervisor, today: date | None = None) -> SupervisorOverview:
    """The supervisor's students now, next and before, with their learning goals, in two prepared queries
    (core.prepared; one when there are none): the placements with what the page shows of their student,
    assignment and unit, then the goals of all of them."""
    today = today or timezone.localdate()
    placements = [SupervisedPlacement(*row) for row in _SUPERVISED(supervisor=supervisor.pk)]
    if placements:
        by_pk = {p.pk: p for p in placements}
        for placement_pk, description in _SUPERVISED_GOALS(supervisor=supervisor.pk):
            if placement_pk in by_pk:  # not one placed between the two queries
                by_pk[placement_pk].goals.append(description)
    return SupervisorOverview(
        supervisor=supervisor,
        current=[p for p in placements if p.start_date <= today <= p.end_date],
        upcoming=[p for p in placements if p.start_date > today],
        history=[p for p in reversed(placements) if p.end_date < today],
    )


@dataclass
class UnitOccupancy:
    unit_id: int
    unit_name: str
    organisation_name: str
    active: int
    capacity: int


@dataclass(slots=True)
class DashboardCohort:
    programme_id: int
    name: str
    start_date: date
    student_count: int


@dataclass(slots=True)
class DashboardProgramme:
    pk: int
    name: str
    kind: str
    organisation_name: str
    start_date: date
    end_date: date
    funding: str
    cohorts: list[DashboardCohort] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Programme.Kind(self.kind).label


@dataclass(slots=True)
class DashboardRound:
    pk: int
    name: str
    start_date: date
    programme_name: str


@dataclass(slots=True)
class EndingPlacement:
    """A current placement that ends soon with nothing after it (the dashboard's list)."""

    public_id: UUID
    student_name: str
    assignment_title: str
    end_date: date


@dataclass
class LeaderDashboard:
    programmes: list[DashboardProgramme]
    occupancy: list[UnitOccupancy]
    upcoming_rounds: list[DashboardRound]
    active_count: int
    without_next: list[EndingPlacement] = field(default_factory=list)

    @property
    def programme_ids(self) -> list[int]:
        return [programme.pk for programme in self.programmes]

    def occupancy_chart(self) -> dict:
        """The data of the occupancy chart (rendered with json_script, drawn by static/js/occupancy-chart.js)."""
        return {
            "labels": [o.unit_name for o in self.occupancy],
            "active": [o.active for o in self.occupancy],
            "capacity": [o.capacity for o in self.occupancy],
        }


# The dashboard's queries, prepared (core.prepared) and read as values: compiling them and building their
# model instances cost Django about 7 ms a visit on the bench data (SQLite, whose SQL took 13 ms). Each
# takes the programmes as a list of ids.
def _programme_rows(programmes: QuerySet[Programme]) -> QuerySet:
    return programmes.order_by("-start_date", "pk").values_list(
        "pk", "name", "kind", "organisation__name", "start_date", "end_date", "funding"
    )


_PROGRAMMES_LED = PreparedQuery(lambda leader: _programme_rows(_programmes_led_by_id(leader)), leader=int)
_PROGRAMMES_ALL = PreparedQuery(lambda: _programme_rows(Programme.objects.all()))
_COHORTS = PreparedQuery(
    lambda programmes: (
        Cohort.objects.filter(programme__in=programmes)
        .annotate(student_count=Count("students"))
        .order_by("start_date", "pk")
        .values_list("programme_id", "name", "start_date", "student_count")
    ),
    programmes=list[int],
)
_OCCUPANCY = PreparedQuery(
    lambda programmes, today: (
        Placement.objects.live()
        .filter(assignment__programme__in=programmes, start_date__lte=today, end_date__gte=today)
        .values("assignment__unit_id", "assignment__unit__name", "assignment__unit__organisation__name")
        .annotate(active=Count("id"))
        .order_by("-active", "assignment__unit__name")
        .values_list("assignment__unit_id", "assignment__unit__name", "assignment__unit__organisation__name", "active")
    ),
    programmes=list[int],
    today=date,
)
_CAPACITY = PreparedQuery(
    lambda programmes: (
        Assignment.objects.filter(programme__in=programmes, is_active=True)
        .values("unit_id")
        .annotate(total=Sum("capacity"))
        .order_by()
        .values_list("unit_id", "total")
    ),
    programmes=list[int],
)
_UPCOMING_ROUNDS = PreparedQuery(
    lambda programmes, today: (
        RotationRound.objects.filter(cohort__programme__in=programmes, start_date__gte=today)
        .exclude(state=RotationRound.State.CLOSED)
        .order_by("start_date", "pk")
        .values_list("pk", "name", "start_date", "cohort__programme__name")[:10]
    ),
    programmes=list[int],
    today=date,
)


def _without_next(programmes, today, until):
    later = Placement.objects.live().filter(student_id=OuterRef("student_id"), start_date__gt=OuterRef("end_date"))
    return (
        Placement.objects.live()
        .filter(
            student__cohorts__programme__in=programmes,
            assignment__programme__in=programmes,
            start_date__lte=today,
            end_date__gte=today,
            end_date__lte=until,
        )
        .filter(~Exists(later))
        .distinct()
        .order_by("end_date", "student__user__name")
        .values_list("public_id", "student__user__name", "assignment__title", "end_date")
    )


_WITHOUT_NEXT = PreparedQuery(_without_next, programmes=list[int], today=date, until=date)


def leader_dashboard(*, user, today: date | None = None) -> LeaderDashboard:
    """Cohorts per programme, active placements per unit and the coming rotations, in a fixed number of queries."""
    today = today or timezone.localdate()
    rows = _PROGRAMMES_ALL() if user.is_superuser else _PROGRAMMES_LED(leader=user.pk)
    programmes = [DashboardProgramme(*row) for row in rows]
    ids = [programme.pk for programme in programmes]
    by_pk = {programme.pk: programme for programme in programmes}
    for row in _COHORTS(programmes=ids):
        if row[0] in by_pk:  # not a programme that got its first leader between the two queries
            by_pk[row[0]].cohorts.append(DashboardCohort(*row))
    capacity_by_unit = dict(_CAPACITY(programmes=ids))
    occupancy = [
        UnitOccupancy(unit_id, unit_name, organisation_name, active, capacity_by_unit.get(unit_id, 0))
        for unit_id, unit_name, organisation_name, active in _OCCUPANCY(programmes=ids, today=today)
    ]
    return LeaderDashboard(
        programmes=programmes,
        occupancy=occupancy,
        upcoming_rounds=[DashboardRound(*row) for row in _UPCOMING_ROUNDS(programmes=ids, today=today)],
        active_count=sum(o.active for o in occupancy),
        without_next=students_without_next_placement(programmes=ids, today=today),
    )


def students_without_next_placement(*, programmes: list[int], today: date, horizon_days: int = 92):
    """Current placements in these programmes that end within ~3 months with no later placement of the student.

    Only students of the programmes' cohorts count; one query, joined only to what the dashboard lists
    (the student's name and the assignment): every extra join costs Postgres planning time on each visit.
    """
    until = today + timedelta(days=horizon_days)
    return [EndingPlacement(*row) for row in _WITHOUT_NEXT(programmes=programmes, today=today, until=until)]


def activities_for_leader(*, user) -> QuerySet[Activity]:
    """The activities of the programmes this person leads, with participant and attendance counts."""
    return (
        Activity.objects.filter(programme__in=programmes_led_by(user))
        .select_related("programme")
        .annotate(
            participant_count=Count("attendances"),
            present_count=Count("attendances", filter=Q(attendances__attended=True)),
            absent_count=Count("attendances", filter=Q(attendances__attended=False)),
        )
        .order_by("-date", "-start_time", "title")
    )


def activity_get_for_leader(*, user, pk) -> Activity:
    """An activity of a programme this person leads, else 404."""
    activities = Activity.objects.filter(programme__in=programmes_led_by(user)).select_related("programme")
    return get_object_or_404(activities, pk=pk)


def activity_attendances(*, activity: Activity) -> list[Attendance]:
    return list(activity.attendances.select_related("student__user").order_by("student__user__name", "student_id"))
