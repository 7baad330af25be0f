"""The roles a person holds, from their rows: a leader grant, a supervisor, student, school supervisor or
SBB adviser profile.

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
    school_supervisor_id: int | None = None  # SchoolSupervisor (docent-stagebegeleider of a school)
    sbb_adviser_id: int | None = None  # SbbAdviser (adviseur praktijkleren)

    @property
    def is_student(self) -> bool:
        return self.student_id is not None

    @property
    def is_supervisor(self) -> bool:
        return self.supervisor_id is not None

    @property
    def is_school_supervisor(self) -> bool:
        return self.school_supervisor_id is not None

    @property
    def is_sbb_adviser(self) -> bool:
        return self.sbb_adviser_id is not None

    @property
    def leads(self) -> bool:
        """A project leader or an administrator: who may open the leader's pages."""
        return self.is_leader or self.is_admin

    @property
    def any(self) -> bool:
        return any((self.leads, self.is_student, self.is_supervisor, self.is_school_supervisor, self.is_sbb_adviser))


def roles_of(user) -> Roles:
    """The person's roles and the ids of their profiles, in one query (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Roles()
    leads = Exists(ProgrammeLeader.objects.filter(user=OuterRef("pk")))
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(leads=leads)
        .values_list("leads", "student__id", "supervisor__id", "school_supervisor__id", "sbb_adviser__id")
        .first()
    )
    if row is None:
        return Roles()
    is_leader, *ids = row
    profiles = dict(zip(("student_id", "supervisor_id", "school_supervisor_id", "sbb_adviser_id"), ids, strict=True))
    return Roles(is_admin=user.is_superuser, is_leader=is_leader, **profiles)


def require_leader(request) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    if not request.roles.leads:
        raise PermissionDenied
    return request.roles
