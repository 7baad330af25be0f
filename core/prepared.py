"""Queries that Django compiles once per database connection: later calls only put in their values.

Django compiles a queryset to SQL on every evaluation. On the few small queries of a person's own pages
(the student's assignment, the supervisor's students) that costs more than running them: 0.5 to 1.5 ms
of Python each on the bench machine, against 0.3 to 0.6 ms in the database. A PreparedQuery builds its
queryset once, with stand-in values, keeps the compiled SQL and the compiler (for the columns' converters)
and afterwards only puts the real values in the stand-ins' parameter slots: the query is still written
with the ORM, in one place, and returns what `values_list()` returns (the columns' converters are found
once too).

The SQL must not depend on the values, only the parameters: compare with scalars (an id, a date) or with a
list of ids (`__in`, kind `list[int]`: compiled once per length of the list), never None (`IS NULL`),
which changes the SQL's shape. Compiling checks that every stand-in reached the parameters.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import get_args, get_origin

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable

# Stand-ins no real row holds: an id below any sequence, moments long before any data.
_STAND_INS = {
    int: lambda n: -987_654_300 - n,
    str: lambda n: f"~prepared stand-in {n}~",
    date: lambda n: date(1001, 1, 1 + n),
    datetime: lambda n: datetime(1001, 1, 1 + n, tzinfo=UTC),
}


class PreparedQuery:
    """`build(**values)` returns a `values_list()` queryset; calling the PreparedQuery with the same keyword
    arguments returns its rows as a list of tuples. `kinds` gives each argument's type: int, str, date,
    datetime (an aware one) or list[int]."""

    def __init__(self, build: Callable[..., QuerySet], **kinds):
        for name, kind in kinds.items():
            if kind not in _STAND_INS and not (get_origin(kind) is list and get_args(kind) == (int,)):
                raise ImproperlyConfigured(f"{build.__qualname__}: {name} is of a kind it cannot prepare: {kind}")
        self.build, self.kinds = build, kinds
        self.lists = tuple(name for name, kind in kinds.items() if kind not in _STAND_INS)

    def __call__(self, **values) -> list[tuple]:
        compiled = self._compiled(tuple(len(values[name]) for name in self.lists))
        if compiled is None:  # an empty list leaves nothing to match (`__in=[]`)
            return []
        sql, params, slots, compiler, converters = compiled
        params = list(params)
        for index, name, position, adapt in slots:
            params[index] = adapt(values[name] if position is None else values[name][position])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compiled(self, lengths=()):
        cache = getattr(connection, "_portal_prepared_queries", None)  # this thread's connection's
        if cache is None:
            cache = connection._portal_prepared_queries = {}
        key = (self, lengths)
        if key not in cache:
            cache[key] = self._compile(dict(zip(self.lists, lengths, strict=True)))
        return cache[key]

    def _compile(self, lengths):
        arguments, stand_ins = {}, {}  # stand_ins: (name, position in its list or None) -> stand-in
        for n, (name, kind) in enumerate(self.kinds.items()):
            if name in lengths:
                arguments[name] = [_STAND_INS[int](1000 * (n + 1) + i) for i in range(lengths[name])]
                stand_ins.update(((name, i), value) for i, value in enumerate(arguments[name]))
            else:
                arguments[name] = stand_ins[name, None] = _STAND_INS[kind](n)
        queryset = self.build(**arguments)
        query = queryset.query
        if queryset._iterable_class is not ValuesListIterable:
            raise ImproperlyConfigured(f"{self.build.__qualname__}: not a values_list() query (nor flat or named)")
        # The row's columns come in SQL order (extra, fields, annotations): refuse another order rather
        # than reorder each row as values_list() does.
        if list(queryset._fields) != [*query.extra_select, *query.values_select, *query.annotation_select]:
            raise ImproperlyConfigured(f"{self.build.__qualname__}: list the fields first, then the annotations")
        compiler = query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as empty:
            if 0 in lengths.values():
                return None
            raise ImproperlyConfigured(f"{self.build.__qualname__}: the query compiles to no SQL") from empty
        slots, found = [], set()
        for index, param in enumerate(params):
            for (name, position), stand_in in stand_ins.items():
                adapt = next((adapt for adapt in _adapters(stand_in) if param == adapt(stand_in)), None)
                if adapt is not None:
                    slots.append((index, name, position, adapt))
                    found.add((name, position))
                    break
        if missing := set(stand_ins) - found:
            names = ", ".join(sorted({name for name, _ in missing}))
            raise ImproperlyConfigured(f"{self.build.__qualname__}: {names} not among its parameters")
        # The columns' converters (dates on SQLite, JSON, UUIDs), as values_list() applies them.
        converters = compiler.get_converters([column for column, *_ in compiler.select[: compiler.col_count]])
        return sql, tuple(params), slots, compiler, converters


def _adapters(value) -> tuple:
    """How a value of this type can reach the parameters: as it is, or (a date or moment on SQLite) as the
    backend adapts it."""
    if isinstance(value, datetime):
        return (_same, connection.ops.adapt_datetimefield_value)
    if isinstance(value, date):
        return (_same, connection.ops.adapt_datefield_value)
    return (_same,)


def _same(value):
    return value
