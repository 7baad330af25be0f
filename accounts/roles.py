"""The roles a person holds, read with the person (accounts.backends) or in one query, remembered for the
request.

Every page of a signed-in person asks them (the navigation, the leader gate), so they are read by fixed
SQL statements rather than ORM queries with Exists, which Django would compile again on every request
(on the test machine that compiling cost more than the query itself).
"""

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


ROLE_COLUMNS = ("role_leader", "role_supervisor", "role_student")


def roles_of(user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    if hasattr(user, ROLE_COLUMNS[0]):  # loaded by person_with_roles: no query
        row = tuple(getattr(user, column) for column in ROLE_COLUMNS)
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


def person_with_roles(user_id):
    """The person with this id and their role flags (columns ROLE_COLUMNS) in one statement, or None: how
    the signed-in person of each request is loaded (accounts.backends)."""
    from django.core.exceptions import ValidationError
    from django.db import connection

    from .models import User

    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    quote = connection.ops.quote_name
    table = quote(User._meta.db_table)
    pk = f"{table}.{quote(User._meta.pk.column)}"
    flags = ", ".join(f"{test} AS {column}" for test, column in zip(_role_tests(pk), ROLE_COLUMNS, strict=True))
    # Names come from the models, the id is a parameter.
    sql = f"SELECT {table}.*, {flags} FROM {table} WHERE {pk} = %s"  # noqa: S608
    return next(iter(User.objects.raw(sql, [user_id])), None)


def _role_flags(user_id) -> tuple:
    """(leader?, supervisor?, student?) of a person loaded without them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_role_tests('%s'))}", [user_id] * 3)
        return cursor.fetchone()


def _role_tests(user_id_sql: str) -> list[str]:
    """The three EXISTS tests, leader, supervisor and student, of the person `user_id_sql` (a column or
    a placeholder). Table names come from the models; the id is a column or a parameter."""
    from django.db import connection

    from placements.models import ProgrammeLeader, Student, Supervisor

    quote = connection.ops.quote_name
    return [
        f"EXISTS(SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote('user_id')} = {user_id_sql})"  # noqa: S608
        for model in (ProgrammeLeader, Supervisor, Student)
    ]


def require_leader(user) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    from django.core.exceptions import PermissionDenied

    roles = roles_of(user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return roles
