"""Insert many plain rows in a constant number of statements, for the daily jobs.

bulk_create builds a model instance and prepares every field of every row in Python, and psycopg 3
binds a multi-row VALUES list (thousands of placeholders) or per-column arrays of text in Python too:
at 20,000 rows each of those costs seconds. On PostgreSQL the rows therefore travel as one JSON document
(encoded in C by the json module) that the server unpacks with jsonb_array_elements; SQLite's driver
binds in C, so there plain VALUES batches are fast.
"""

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import connection, models

SQLITE_BATCH = 1000  # rows per VALUES statement: 12 columns x 1,000 stays below SQLite's 32,766 parameters


def _json_default(value):
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be inserted by insert_rows")


def _isoformat(value: date) -> str:
    return value.isoformat()


def _memoised(convert):
    """A column holds few distinct dates (one `now`, a handful of due dates): convert each once."""
    memo = {}

    def prepare(value):
        if value not in memo:
            memo[value] = None if value is None else convert(value)
        return memo[value]

    return prepare


def _preparer(field: models.Field):
    """How a Python value of this column becomes what the driver (or the JSON document) takes, or None."""
    postgres = connection.vendor == "postgresql"
    if isinstance(field, models.JSONField):
        return None if postgres else (lambda value: None if value is None else json.dumps(value, cls=field.encoder))
    if isinstance(field, models.DateTimeField):
        # isoformat keeps the microseconds and the offset (DjangoJSONEncoder would cut them)
        return _memoised(_isoformat if postgres else connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _memoised(_isoformat if postgres else connection.ops.adapt_datefield_value)
    return None


def _postgres_select(fields: list[models.Field]) -> str:
    """The SELECT list that turns element `e` (a JSON array, one row) back into typed columns."""
    columns = []
    for i, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            columns.append(f"e->{i}")
        else:
            columns.append(f"(e->>{i})::{field.db_type(connection).split('(')[0]}")  # no silent truncation
    return ", ".join(columns)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence],
    *,
    ignore_conflicts: bool = False,
    returning: Sequence[str] = (),
) -> list[tuple]:
    """INSERT `rows` (tuples of plain values in the order of `columns`, field names) into `model`'s table.

    No defaults are filled in, no signals sent and no instances built: the caller passes every column the
    table needs. With `ignore_conflicts` a row that breaks a unique constraint is skipped (ON CONFLICT DO
    NOTHING). Returns the `returning` columns of the rows really inserted (empty when none asked).
    """
    if not rows:
        return []
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in columns]
    names = ", ".join(quote(field.column) for field in fields)
    tail = (" ON CONFLICT DO NOTHING" if ignore_conflicts else "") + (
        " RETURNING " + ", ".join(quote(meta.get_field(name).column) for name in returning) if returning else ""
    )
    values = [list(column) for column in zip(*rows, strict=True)]
    for i, field in enumerate(fields):
        if prepare := _preparer(field):
            values[i] = [prepare(value) for value in values[i]]
    prepared = list(zip(*values, strict=True))
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            document = json.dumps(prepared, default=_json_default, separators=(",", ":"))
            select = f"SELECT {_postgres_select(fields)} FROM jsonb_array_elements(%s::jsonb) AS e"  # noqa: S608
            sql = f"INSERT INTO {table} ({names}) {select}"  # names from _meta, values as the one parameter
            cursor.execute(sql + tail, [document])
            return cursor.fetchall() if returning else []
        inserted = []
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(prepared), SQLITE_BATCH):
            batch = prepared[start : start + SQLITE_BATCH]
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([placeholders] * len(batch))  # noqa: S608
            cursor.execute(sql + tail, [value for row in batch for value in row])
            if returning:
                inserted += cursor.fetchall()
    return inserted
