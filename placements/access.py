"""Who may see and change which placements, assignments and activities (outside one's scope: 404).

Built on the leader's scope (programmes.access.programmes_for_user): a placement is visible to its
student, its supervisor, the leaders of its programme and the school supervisors of the student's school
when that school takes part in the programme (programmes.access.school_scope); only leaders (and
administrators) change it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from programmes.access import (
    leader_scope,
    programme_is_led_by,
    programme_organisations,
    programmes_for_user,
    school_scope,
)
from programmes.models import Supervisor

from .models import Activity, Assignment, Placement, ProjectGroup, ProjectGroupMember


def placements_for_user(user) -> QuerySet[Placement]:
    """Every placement the person may see: their own, the ones they supervise, in a programme they lead, or
    of their school's students in a programme their school takes part in (a school supervisor)."""
    if not user.is_authenticated:
        return Placement.objects.none()
    if user.is_superuser:
        return Placement.objects.all()
    led = programmes_for_user(user).values("pk")
    return Placement.objects.filter(
        Q(student__user=user)
        | Q(supervisor__user=user)
        | Q(assignment__programme__in=led)
        | school_scope(user, school="student__school", programme="assignment__programme")
    )


def placements_led_by(user) -> QuerySet[Placement]:
    """The placements of the programmes the person leads (every placement for an administrator).

    The scope joins assignment, programme and grant: the planner starts from the person's grants and
    reaches the placements through their programmes' assignments (the placement indexes that lead with
    the assignment), then joins whatever a page shows to those rows only.
    """
    return Placement.objects.filter(leader_scope(user, programme="assignment__programme"))


def placement_get_for_user(*, user, public_id) -> Placement:
    """The placement with this public id if the person may see it, else 404."""
    return get_object_or_404(
        placements_for_user(user).select_related(
            "student__user",
            "supervisor__user",
            "assignment__unit__organisation",
            "assignment__programme",
            "rotation_round__cohort",
            "project_group_membership__group",
        ),
        public_id=public_id,
    )


def placement_is_own(*, user, placement: Placement) -> bool:
    """The person is the placement's student."""
    return user.is_authenticated and placement.student.user_id == user.pk


def placement_is_supervised_by(*, user, placement: Placement) -> bool:
    """The person is the placement's workplace supervisor."""
    return user.is_authenticated and placement.supervisor is not None and placement.supervisor.user_id == user.pk


def placement_shows_student_contact(*, user, placement: Placement, can_change: bool, today) -> bool:
    """The student's e-mail and phone are for whoever may change the placement (its leaders, administrators:
    `can_change`, from placement_can_change) and, while the placement runs or is still to come, its
    workplace supervisor; not for a supervisor of long ago."""
    if can_change:
        return True
    return (
        placement_is_supervised_by(user=user, placement=placement)
        and placement.status != Placement.Status.CANCELLED
        and placement.end_date >= today
    )


def placement_can_change(*, user, placement: Placement) -> bool:
    """Leaders of the placement's programme and administrators change it; its student and supervisor only see it."""
    return programme_is_led_by(programme_id=placement.assignment.programme_id, user=user)


def placement_get_to_change(*, user, public_id) -> Placement:
    """The placement if the person may change it (a leader of its programme, an administrator); its student,
    supervisor and school supervisor get a 403 (PermissionDenied), everyone else a 404."""
    placement = placement_get_for_user(user=user, public_id=public_id)
    if not placement_can_change(user=user, placement=placement):
        raise PermissionDenied
    return placement


def assignments_for_user(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(programme__in=programmes_for_user(user))


def supervisors_for_user(user) -> QuerySet[Supervisor]:
    """The supervisors a leader may place students with: people of the organisations whose units offer
    assignments in the programmes the person leads."""
    organisations = assignments_for_user(user).values("unit__organisation")
    return Supervisor.objects.filter(units__organisation__in=organisations).distinct().select_related("user")


def activities_for_user(user) -> QuerySet[Activity]:
    return Activity.objects.filter(programme__in=programmes_for_user(user)).select_related("programme")


def activity_get_for_user(*, user, pk) -> Activity:
    return get_object_or_404(activities_for_user(user), pk=pk)


def project_groups_for_user(user) -> QuerySet[ProjectGroup]:
    """The groups the person is a member of, supervises a member of (cancelled placements left out), or
    whose programme they lead (administrators: every group)."""
    if not user.is_authenticated:
        return ProjectGroup.objects.none()
    if user.is_superuser:
        return ProjectGroup.objects.all()
    mine = (
        ProjectGroupMember.objects.exclude(placement__status=Placement.Status.CANCELLED)
        .filter(Q(placement__student__user=user) | Q(placement__supervisor__user=user))
        .values("group_id")
    )
    led = programmes_for_user(user).values("pk")
    return ProjectGroup.objects.filter(Q(pk__in=mine) | Q(assignment__programme__in=led))


def project_group_get_for_user(*, user, public_id) -> ProjectGroup:
    """The group with this public id if the person may see it, else 404."""
    groups = project_groups_for_user(user).select_related("assignment__unit__organisation", "assignment__programme")
    return get_object_or_404(groups, public_id=public_id)


def project_group_can_change(*, user, group: ProjectGroup) -> bool:
    """Leaders of the group's programme (and administrators) rename it, choose its lead and plan its presentation."""
    return programme_is_led_by(programme_id=group.assignment.programme_id, user=user)


def assignment_get_for_user(*, user, pk) -> Assignment:
    """An assignment of a programme the person leads (admins: any), else 404."""
    return get_object_or_404(assignments_for_user(user).select_related("programme", "unit"), pk=pk)


def programme_supervisors(programme) -> QuerySet[Supervisor]:
    """The people an assignment of the programme may name as its default supervisor: those working in a unit
    of one of the programme's organisations (the service checks the assignment's unit's organisation)."""
    organisations = programme_organisations(programme).values("pk")
    return Supervisor.objects.filter(units__organisation__in=organisations).distinct().select_related("user")
