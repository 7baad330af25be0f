"""Every row of an import checked before anything is written: each problem with its row, column and value.

The file's columns are matched to the kind's fields by name (Dutch or English, case and accents aside),
or by the leader's mapping; rows are typed one at a time as they are read, so only the typed good rows
are held in memory.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .kinds import KINDS
from .parsing import MAX_VALUE_LENGTH, Table, compact, normalise_column, quote

MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 500  # rows between two progress reports while checking


@dataclass
class Checked:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, typed values) of good rows
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    row_count: int = 0
    context: dict = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # the file's column names, as written
    fields: list = field(default_factory=list)  # the field each column fills ("" = ignored, None = unknown)
    unknown: list[str] = field(default_factory=list)  # the file's column names no field matched

    def add(self, row: int | None, column: str, message: str, *, header: str = "", value="") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            error = {"row": row, "column": column, "message": str(message)}
            if header:
                error["header"] = quote(header)
            if value not in ("", None):
                error["value"] = quote(value)
            self.errors.append(error)

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def column_fields(header: list[str], kind, mapping: dict | None = None) -> list[str | None]:
    """The field of each column: the leader's mapping first ("" = ignore), else the name; None = unknown."""
    mapping = mapping or {}
    fields = []
    for name in header:
        key = compact(name)
        if key in mapping:
            fields.append(mapping[key] if mapping[key] in kind.columns else "")
            continue
        column = normalise_column(name, kind.columns)
        fields.append(column if column in kind.columns else None)
    return fields


def _check_header(table: Table, kind, checked: Checked, fields: list) -> None:
    seen = set()
    row = table.header_row
    for name, column in zip(table.header, fields, strict=True):
        if column is None:
            checked.unknown.append(name)
            checked.add(
                row,
                normalise_column(name) or "?",
                _("Unknown column; choose the field it fills, or the columns are: %(columns)s.")
                % {"columns": ", ".join(kind.columns)},
                header=name,
            )
            continue
        if column and column in seen:
            checked.add(row, column, _("This column appears twice."), header=name)
        seen.add(column)
    for column in kind.missing_columns(seen):
        checked.add(row, column, _("This required column is missing."))


def _typed_rows(table: Table, kind, checked: Checked, fields: list, progress) -> list[tuple[int, dict]]:
    width = len(table.header)
    header_of = {column: name for name, column in zip(table.header, fields, strict=True) if column}
    typed = []
    for count, (number, cells) in enumerate(table.rows, start=1):
        checked.row_count = count
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        if len(cells) > width:
            checked.add(number, "", _("This row has more values than the header has columns."), value=cells[width])
            continue
        data = {column: value for column, value in zip(fields, cells, strict=False) if column}
        too_long = [column for column, value in data.items() if len(value) > MAX_VALUE_LENGTH]
        for column in too_long:
            message = _("This value is longer than %(max)d characters.") % {"max": MAX_VALUE_LENGTH}
            checked.add(number, column, message, header=header_of[column], value=data[column])
        if too_long:
            continue
        form = kind.form_class(data)
        if form.is_valid():
            typed.append((number, form.cleaned_data))
            continue
        for column, messages in form.errors.items():
            for message in messages:
                column = "" if column == "__all__" else column
                checked.add(number, column, message, header=header_of.get(column, ""), value=data.get(column, ""))
    return typed


def check_table(
    table: Table,
    *,
    kind_key: str,
    programme,
    cohort=None,
    mapping: dict | None = None,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Type every row, then check the good ones against each other and the database (a few queries in all).

    `cohort`: the cohort of rows without one; `mapping`: {compact header: field or ""} from the leader;
    `progress(rows)` is called as rows are read. Raises ParseError for a file that breaks off unreadably.
    """
    kind = KINDS[kind_key]
    fields = column_fields(table.header, kind, mapping)
    checked = Checked(header=list(table.header), fields=list(fields))
    _check_header(table, kind, checked, fields)
    if not checked.ok:
        return checked
    typed = _typed_rows(table, kind, checked, fields, progress)
    checked.context = kind.prepare(programme=programme, rows=[row for _number, row in typed])
    if cohort is not None:
        checked.context["default_cohort"] = cohort
    header_problems = kind.header_problems(set(fields), checked.context)
    for column, message in header_problems:
        checked.add(table.header_row, column, message)
    if header_problems:
        return checked
    first_seen = {}
    for number, row in typed:
        identity = kind.identity(row, checked.context)
        problems = kind.check(row, checked.context)
        if identity in first_seen:
            problems.append((kind.key_column, _("Duplicate of row %(row)d.") % {"row": first_seen[identity]}))
        else:
            first_seen[identity] = number
        for column, message in problems:
            checked.add(number, column, message, header=_header(checked, column), value=row.get(column, ""))
        if not problems:
            checked.rows.append((number, row))
    return checked


def _header(checked: Checked, column: str) -> str:
    return next((name for name, f in zip(checked.header, checked.fields, strict=True) if f == column), "")
