"""The roles a person holds, read in one query and remembered for the request."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_leader: bool = False
    is_supervisor: bool = False
    is_student: bool = False

    @property
    def any(self) -> bool:
        return self.is_admin or self.is_leader or self.is_supervisor or self.is_student


def roles_of(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    from placements.models import ProgrammeLeader, Student, Supervisor

    from .models import User

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_leader=Exists(ProgrammeLeader.objects.filter(user=OuterRef("pk"))),
            has_supervisor=Exists(Supervisor.objects.filter(user=OuterRef("pk"))),
            has_student=Exists(Student.objects.filter(user=OuterRef("pk"))),
        )
        .values("has_leader", "has_supervisor", "has_student")
        .first()
        or {}
    )
    roles = Roles(
        is_admin=user.is_superuser,
        is_leader=bool(row.get("has_leader")),
        is_supervisor=bool(row.get("has_supervisor")),
        is_student=bool(row.get("has_student")),
    )
    user._portal_roles = roles
    return roles


def require_leader(user) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    from django.core.exceptions import PermissionDenied

    roles = roles_of(user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return roles
