"""The roles a person holds, read with the person and their profiles (accounts.backends) or in one query,
remembered for the request.

Every page of a signed-in person asks them (the navigation, the leader gate): they come with the person in
one prepared query (core.prepared), which Django compiles once per connection rather than on every
request (on the test machine compiling it cost more than running it). A person loaded otherwise has them
read by one fixed statement (_role_flags).
"""

from dataclasses import dataclass

from core.prepared import PreparedQuery


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
    """The person with this id, their roles and their student and supervisor profiles in one prepared query
    (core.prepared), or None: how the signed-in person of each request is loaded (accounts.backends).

    The profiles are what the student's and the supervisor's own pages start from: read here,
    `person.student` and `person.supervisor` ask no query (and are None for a person without one).
    """
    from django.core.exceptions import ValidationError
    from django.db import connection

    from .models import User

    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = _PERSON(user_id=user_id)
    if not rows:
        return None
    (row,) = rows
    offset = len(User._meta.concrete_fields)
    person = User.from_db(connection.alias, None, row[:offset])
    held = {}
    for model, accessor in _profiles():
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


def _profiles():
    from programmes.models import Student, Supervisor

    return ((Student, "student"), (Supervisor, "supervisor"))


def _person_query(user_id):
    """The person's columns, each profile's (NULL where the person has none, a LEFT JOIN), and whether
    they lead a programme."""
    from django.db.models import Exists, OuterRef

    from programmes.models import ProgrammeLeader

    from .models import User

    columns = [field.attname for field in User._meta.concrete_fields]
    for model, accessor in _profiles():
        columns += [f"{accessor}__{field.attname}" for field in model._meta.concrete_fields]
    leads = Exists(ProgrammeLeader.objects.filter(user=OuterRef("pk")))
    return User.objects.filter(pk=user_id).annotate(role_leader=leads).order_by().values_list(*columns, "role_leader")


_PERSON = PreparedQuery(_person_query, user_id=int)


def _role_flags(user_id) -> tuple:
    """(leader?, supervisor?, student?) of a person loaded without them, in one fixed statement."""
    from django.db import connection

    from programmes.models import ProgrammeLeader, Student, Supervisor

    quote = connection.ops.quote_name
    tests = ", ".join(
        f"EXISTS(SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote('user_id')} = %s)"  # noqa: S608
        for model in (ProgrammeLeader, Supervisor, Student)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {tests}", [user_id] * 3)  # table names from the models, the id a parameter
        return cursor.fetchone()


def require_leader(user) -> Roles:
    """The gate of every leader page: a project leader or an admin passes, anyone else gets a 403."""
    from django.core.exceptions import PermissionDenied

    roles = roles_of(user)
    if not (roles.is_leader or roles.is_admin):
        raise PermissionDenied
    return roles
