"""Who may see which programmes, cohorts, rounds and students: the leader's scope, written once.

A project leader sees the programmes they lead, an administrator every programme. Every view, export,
feed, form queryset and admin action of a leader asks these functions (or builds on programmes_for_user),
and an object outside the person's scope is simply not found (404).

A school supervisor sees their own school's students in the programmes their school takes part in
(school_scope, which placements.access and the apps above build on); an SBB adviser sees the programmes
they advise (programmes_advised_by), for their training-company page only.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from organisations.models import Organisation, Unit

from .models import Cohort, Programme, ProgrammeGoal, ProgrammeSchool, RotationRound, SchoolSupervisor, Student


def programmes_for_user(user) -> QuerySet[Programme]:
    """The programmes the person leads; every programme for an administrator; none for anyone else."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(leader_grants__user=user)


def leader_scope(user, *, programme: str) -> Q:
    """The leader's scope as a condition on the programme reached through the lookup path `programme`
    (e.g. "assignment__programme"): a join to the person's leader grants rather than an IN over a
    subquery, so the database can narrow to the led programmes' rows before it joins anything else.
    Everything for an administrator, nothing for an anonymous person (as programmes_for_user)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    return Q(**{f"{programme}__leader_grants__user": user})


def programme_get_for_user(*, user, pk) -> Programme:
    return get_object_or_404(programmes_for_user(user), pk=pk)


def programme_is_led_by(*, programme_id: int, user) -> bool:
    return programmes_for_user(user).filter(pk=programme_id).exists()


def programme_goal_get_for_user(*, user, pk) -> ProgrammeGoal:
    """A standard learning goal of a programme the person leads (admins: any), else 404."""
    return get_object_or_404(
        ProgrammeGoal.objects.filter(programme__in=programmes_for_user(user)).select_related("programme"), pk=pk
    )


def cohorts_for_user(user) -> QuerySet[Cohort]:
    return Cohort.objects.filter(programme__in=programmes_for_user(user)).select_related("programme")


def cohort_get_for_user(*, user, pk) -> Cohort:
    return get_object_or_404(cohorts_for_user(user), pk=pk)


def rotation_rounds_for_user(user) -> QuerySet[RotationRound]:
    return RotationRound.objects.filter(cohort__programme__in=programmes_for_user(user))


def rotation_round_get_for_user(*, user, pk) -> RotationRound:
    return get_object_or_404(rotation_rounds_for_user(user).select_related("cohort__programme"), pk=pk)


def programmes_of_school_supervisor(user) -> QuerySet[Programme]:
    """The programmes the person's school takes part in, if they are a school supervisor (else none)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(school_links__school__school_supervisors__user=user)


def school_scope(user, *, school: str, programme: str) -> Q:
    """A school supervisor's scope as a condition on a row reaching a student's school through the lookup
    path `school` (e.g. "student__school") and a programme through `programme`: their own school's
    students, in the programmes their school takes part in. Subqueries (no joins), so for everyone else it
    costs two empty index lookups; nothing for an anonymous visitor."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    own_school = SchoolSupervisor.objects.filter(user=user).values("school_id")
    taking_part = ProgrammeSchool.objects.filter(school__in=own_school).values("programme_id")
    return Q(**{f"{school}__in": own_school, f"{programme}__in": taking_part})


def school_students_for_user(user) -> QuerySet[Student]:
    """A school supervisor's students: of their school, in a cohort of or placed in a programme their school
    takes part in (none for anyone else)."""
    members = Cohort.students.through.objects.filter(
        school_scope(user, school="student__school", programme="cohort__programme")
    ).values("student_id")
    placed = Student.objects.filter(
        school_scope(user, school="school", programme="placements__assignment__programme")
    ).values("pk")
    return Student.objects.filter(Q(pk__in=members) | Q(pk__in=placed))


def students_for_user(user) -> QuerySet[Student]:
    """Students in a cohort of, or placed in, a programme the person leads (every student for an admin), and
    a school supervisor's students (school_students_for_user)."""
    if user.is_authenticated and user.is_superuser:
        return Student.objects.all()
    led = programmes_for_user(user).values("pk")
    return Student.objects.filter(
        Q(pk__in=Cohort.students.through.objects.filter(cohort__programme__in=led).values("student_id"))
        | Q(placements__assignment__programme__in=led)
        | Q(pk__in=school_students_for_user(user).values("pk"))
    ).distinct()


def students_led_by(user) -> QuerySet[Student]:
    """Students in a cohort of, or placed in, a programme the person leads (every student for an admin);
    unlike students_for_user, not a school supervisor's students: the student's page is the leaders'."""
    if user.is_authenticated and user.is_superuser:
        return Student.objects.all()
    led = programmes_for_user(user).values("pk")
    members = Cohort.students.through.objects.filter(cohort__programme__in=led).values("student_id")
    placed = Student.objects.filter(placements__assignment__programme__in=led).values("pk")
    return Student.objects.filter(Q(pk__in=members) | Q(pk__in=placed))


def student_led_get_for_user(*, user, pk) -> Student:
    """A student of a programme the person leads (admins: any), with user, school and school supervisor,
    else 404."""
    return get_object_or_404(students_led_by(user).select_related("user", "school", "school_supervisor__user"), pk=pk)


def student_get_for_user(*, user, pk) -> Student:
    return get_object_or_404(students_for_user(user).select_related("user"), pk=pk)


def programme_student_get_for_user(*, user, programme: Programme, pk) -> Student:
    """A student in a cohort of, or placed in, this programme, which the person leads (the caller got it
    through programme_get_for_user), else 404."""
    members = Cohort.students.through.objects.filter(cohort__programme=programme).values("student_id")
    return get_object_or_404(
        Student.objects.filter(Q(pk__in=members) | Q(placements__assignment__programme=programme))
        .distinct()
        .select_related("user", "school", "school_supervisor__user"),
        pk=pk,
    )


def programmes_advised_by(user) -> QuerySet[Programme]:
    """The programmes the person advises as SBB adviser (none for anyone else)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(sbb_advisers__user=user)


def training_company_programme_get_for_user(*, user, pk) -> Programme:
    """A programme whose training-company page the person may open: one they lead or advise (admins: any),
    else 404."""
    led = programmes_for_user(user).values("pk")
    advised = programmes_advised_by(user).values("pk")
    return get_object_or_404(
        Programme.objects.filter(Q(pk__in=led) | Q(pk__in=advised)).select_related("organisation"), pk=pk
    )


# --- the set-up pages: the organisations and units a programme's leaders arrange ---------------------


def programme_organisations(programme: Programme) -> QuerySet[Organisation]:
    """The organisations whose units a programme's leaders may add and arrange: the programme's own, and
    those of the units its assignments are at (e.g. a partner organisation in an exchange)."""
    return Organisation.objects.filter(
        Q(pk=programme.organisation_id) | Q(units__assignments__programme=programme)
    ).distinct()


def programme_units(programme: Programme) -> QuerySet[Unit]:
    """The units of the programme's organisations (programme_organisations), the tree a leader arranges."""
    return Unit.objects.filter(organisation__in=programme_organisations(programme).values("pk"))


def programme_unit_get_for_user(*, user, programme_pk, pk) -> tuple[Programme, Unit]:
    """A unit of one of the programme's organisations, and the programme, which the person leads; else 404."""
    programme = programme_get_for_user(user=user, pk=programme_pk)
    return programme, get_object_or_404(programme_units(programme).select_related("organisation"), pk=pk)
