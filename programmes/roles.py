"""The roles a person holds, from their rows: a leader or coordinator grant, a supervisor, student, school
supervisor, SBB adviser or professional profile.

Every page of a signed-in person needs them (the navigation, the role gates): RolesMiddleware reads them
once per request, lazily, as `request.roles`.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from .models import ExchangeCoordinator, ProgrammeLeader


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    is_leader: bool = False
    student_id: int | None = None  # the person's Student profile, None when they have none
    supervisor_id: int | None = None  # the person's Supervisor profile, None when they have none
    school_supervisor_id: int | None = None  # SchoolSupervisor (docent-stagebegeleider of a school)
    sbb_adviser_id: int | None = None  # SbbAdviser (adviseur praktijkleren)
    professional_id: int | None = None  # a person of an organisation in exchanges (not a student)
    is_coordinator: bool = False  # coordinates an organisation's part in an exchange programme

    @property
    def is_student(self) -> bool:
        # A professional's Student row only holds their one-day exchange placements: not a student's pages.
        return self.student_id is not None and self.professional_id is None

    @property
    def is_professional(self) -> bool:
        return self.professional_id is not None

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
        return any(
            (
                self.leads,
                self.is_student,
                self.is_supervisor,
                self.is_school_supervisor,
                self.is_sbb_adviser,
                self.is_professional,
                self.is_coordinator,
            )
        )


def roles_of(user) -> Roles:
    """The person's roles and the ids of their profiles, in one query (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Roles()
    leads = Exists(ProgrammeLeader.objects.filter(user=OuterRef("pk")))
    coordinates = Exists(ExchangeCoordinator.objects.filter(user=OuterRef("pk")))
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(leads=leads, coordinates=coordinates)
        .values_list(
            "leads",
            "coordinates",
            "student__id",
            "supervisor__id",
            "school_supervisor__id",
            "sbb_adviser__id",
            "professional__id",
        )
        .first()
    )
    if row is None:
        return Roles()
    is_leader, is_coordinator, *ids = row
    names = ("student_id", "supervisor_id", "school_supervisor_id", "sbb_adviser_id", "professional_id")
    profiles = dict(zip(names, ids, strict=True))
    return Roles(is_admin=user.is_superuser, is_leader=is_leader, is_coordinator=is_coordinator, **profiles)


def require_leader(request) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    if not request.roles.leads:
        raise PermissionDenied
    return request.roles
