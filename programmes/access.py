"""Who may see which programmes, cohorts, rounds and students: the leader's scope, written once.

A project leader sees the programmes they lead, an administrator every programme. Every view, export,
feed, form queryset and admin action of a leader asks these functions (or builds on programmes_for_user),
and an object outside the person's scope is simply not found (404).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Cohort, Programme, ProgrammeGoal, RotationRound, Student


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


def students_for_user(user) -> QuerySet[Student]:
    """Students in a cohort of, or placed in, a programme the person leads (every student for an admin)."""
    if user.is_authenticated and user.is_superuser:
        return Student.objects.all()
    led = programmes_for_user(user).values("pk")
    return Student.objects.filter(
        Q(pk__in=Cohort.students.through.objects.filter(cohort__programme__in=led).values("student_id"))
        | Q(placements__assignment__programme__in=led)
    ).distinct()


def student_get_for_user(*, user, pk) -> Student:
    return get_object_or_404(students_for_user(user).select_related("user"), pk=pk)
