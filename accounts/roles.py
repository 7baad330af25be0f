"""The roles a person holds, read in one query and remembered for the request."""

from dataclasses import dataclass


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
    row = _role_flags(user.pk)
    roles = Roles(
        is_admin=user.is_superuser,
        is_leader=bool(row[0]),
        is_supervisor=bool(row[1]),
        is_student=bool(row[2]),
    )
    user._portal_roles = roles
    return roles


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
