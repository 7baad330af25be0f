"""The roles a person holds, from their rows: a leader grant, a supervisor or a student profile.

Every page of a signed-in person needs them (the navigation, the role gates): RolesMiddleware reads them
once per request, lazily, as `request.roles`.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from .models import ProgrammeLeader


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_leader: bool = False
    student_id: int | None = None  # the person's Student profile, None when they have none
    supervisor_id: int | None = None  # the person's Supervisor profile, None when they have none

    @property
    def is_student(self) -> bool:
        return self.student_id is not None

    @property
    def is_supervisor(self) -> bool:
        return self.supervisor_id is not None

    @property
    def leads(self) -> bool:
        """A project leader or an administrator: who may open the leader's pages."""
        return self.is_leader or self.is_admin

    @property
    def any(self) -> bool:
        return self.leads or self.is_student or self.is_supervisor


def roles_of(user) -> Roles:
    """The person's roles and the ids of their profiles, in one query (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Roles()
    leads = Exists(ProgrammeLeader.objects.filter(user=OuterRef("pk")))
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(leads=leads)
        .values_list("leads", "student__id", "supervisor__id")
        .first()
    )
    if row is None:
        return Roles()
    is_leader, student_id, supervisor_id = row
    return Roles(is_admin=user.is_superuser, is_leader=is_leader, student_id=student_id, supervisor_id=supervisor_id)


def require_leader(request) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    if not request.roles.leads:
        raise PermissionDenied
    return request.roles
