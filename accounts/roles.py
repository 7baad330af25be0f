"""The roles a person holds, read with the person (accounts.backends) or in one query, remembered for the
request."""

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
    if hasattr(user, "leads_programme"):  # loaded by users_with_roles: no query
        row = (user.leads_programme, _has_related(user, "supervisor"), _has_related(user, "student"))
    else:
        row = _role_flags(user.pk)
    roles = Roles(
        is_admin=user.is_superuser,
        is_leader=bool(row[0]),
        is_supervisor=bool(row[1]),
        is_student=bool(row[2]),
    )
    user._portal_roles = roles
    return roles


def users_with_roles():
    """People with their student and supervisor records and whether they lead a programme, in one query:
    how the signed-in person of a request is loaded (accounts.backends)."""
    from placements.models import ProgrammeLeader

    from .models import User

    leads = ProgrammeLeader.objects.filter(user=OuterRef("pk"))
    return User.objects.select_related("student", "supervisor").annotate(leads_programme=Exists(leads))


def _has_related(user, name: str) -> bool:
    """Has this person a student (or supervisor) record? Read from the select_related cache, no query."""
    return getattr(user, name, None) is not None


def _role_flags(user_id) -> tuple:
    """(leader?, supervisor?, student?) in one fixed statement.

    Every page of a signed-in person asks this (the navigation, the leader gate), so it is written once as
    SQL instead of an ORM query with three Exists that Django would compile again on every request.
    """
    from django.db import connection

    from placements.models import ProgrammeLeader, Student, Supervisor

    quote = connection.ops.quote_name
    exists = [
        f"EXISTS(SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote('user_id')} = %s)"  # noqa: S608
        for model in (ProgrammeLeader, Supervisor, Student)
    ]
    # Table names come from the models, the user id is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(exists)}", [user_id] * 3)
        return cursor.fetchone()


def require_leader(user) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    from django.core.exceptions import PermissionDenied

    roles = roles_of(user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return roles
