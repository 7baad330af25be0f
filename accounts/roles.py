"""The roles a person holds, read with the person and their profiles (accounts.backends) or in one query,
remembered for the request.

Every page of a signed-in person asks them (the navigation, the leader gate), so they are read by fixed
SQL statements rather than ORM queries with Exists, which Django would compile again on every request
(on the test machine that compiling cost more than the query itself).
"""

import functools
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
    if cached is not None:  # read with the person (person_with_roles), or earlier in this request
        return cached
    leader, supervisor, student = _role_flags(user.pk)
    roles = Roles(
        is_admin=user.is_superuser, is_leader=bool(leader), is_supervisor=bool(supervisor), is_student=bool(student)
    )
    user._portal_roles = roles
    return roles


def person_with_roles(user_id):
    """The person with this id, their roles and their student and supervisor profiles in one statement, or
    None: how the signed-in person of each request is loaded (accounts.backends).

    The profiles are what the student's and the supervisor's own pages start from: read here,
    `person.student` and `person.supervisor` ask no query (and are None for a person without one).
    """
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.db.models.sql import Query

    from .models import User

    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    sql, columns, profiles = _person_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    compiler = Query(User).get_compiler(connection=connection)  # each column's converters, as a queryset's
    (row,) = compiler.apply_converters([row], compiler.get_converters(columns))
    offset = len(User._meta.concrete_fields)
    person = User.from_db(connection.alias, None, row[:offset])
    held = {}
    for model, accessor in profiles:
        width = len(model._meta.concrete_fields)
        values = row[offset : offset + width]
        offset += width
        profile = None if values[0] is None else model.from_db(connection.alias, None, values)
        held[accessor] = profile is not None
        User._meta.get_field(accessor).set_cached_value(person, profile)
        if profile is not None:
            model._meta.get_field("user").set_cached_value(profile, person)
    person._portal_roles = Roles(
        is_admin=person.is_superuser,
        is_leader=bool(row[offset]),
        is_supervisor=held["supervisor"],
        is_student=held["student"],
    )
    return person


@functools.cache
def _person_statement(vendor: str):
    """The SQL of person_with_roles, its selected columns (for the converters) and the profiles it reads,
    built once per process from the models: the person's columns, each profile's (NULL where the person
    has none) and the leader test."""
    from django.db import connection

    from placements.models import Student, Supervisor

    from .models import User

    quote = connection.ops.quote_name
    pk = f"p.{quote(User._meta.pk.column)}"
    profiles = ((Student, "student"), (Supervisor, "supervisor"))
    tables = [(User, "p")] + [(model, f"r{i}") for i, (model, _) in enumerate(profiles)]
    columns = [field.get_col(alias) for model, alias in tables for field in model._meta.concrete_fields]
    joins = " ".join(
        f"LEFT JOIN {quote(model._meta.db_table)} {alias} ON {alias}.{quote('user_id')} = {pk}"
        for model, alias in tables[1:]
    )
    select = ", ".join(f"{col.alias}.{quote(col.target.column)}" for col in columns)
    leader = _role_tests(pk)[0]
    # Names come from the models, the id is a parameter.
    sql = f"SELECT {select}, {leader} FROM {quote(User._meta.db_table)} p {joins} WHERE {pk} = %s"  # noqa: S608
    return sql, columns, profiles


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
