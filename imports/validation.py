"""Every row of an import checked before anything is written: each problem with its row and column."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .kinds import KINDS
from .parsing import Table

MAX_STORED_ERRORS = 1000


@dataclass
class Checked:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, typed values) of good rows
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    row_count: int = 0
    context: dict = field(default_factory=dict)

    def add(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def _check_header(table: Table, kind, checked: Checked) -> None:
    seen = set()
    for column in table.header:
        if column in seen:
            checked.add(1, column, _("This column appears twice."))
        seen.add(column)
        if column not in kind.columns:
            checked.add(
                1,
                column or "?",
                _("Unknown column; the columns are: %(columns)s.") % {"columns": ", ".join(kind.columns)},
            )
    for column in kind.required:
        if column not in seen:
            checked.add(1, column, _("This required column is missing."))


def check_table(table: Table, *, kind_key: str, programme) -> Checked:
    """Type every row, then check the good ones against each other and the database (a few queries in all)."""
    kind = KINDS[kind_key]
    checked = Checked(row_count=len(table.rows))
    _check_header(table, kind, checked)
    if not checked.ok:
        return checked
    width = len(table.header)
    typed = []
    for number, cells in table.rows:
        if len(cells) > width:
            checked.add(number, "", _("This row has more values than the header has columns."))
            continue
        form = kind.form_class(dict(zip(table.header, cells + [""] * (width - len(cells)), strict=True)))
        if form.is_valid():
            typed.append((number, form.cleaned_data))
            continue
        for column, messages in form.errors.items():
            for message in messages:
                checked.add(number, "" if column == "__all__" else column, message)
    checked.context = kind.prepare(programme=programme, rows=[row for _number, row in typed])
    first_seen = {}
    for number, row in typed:
        identity = kind.identity(row, checked.context)
        problems = kind.check(row, checked.context)
        if identity in first_seen:
            problems.append((kind.key_column, _("Duplicate of row %(row)d.") % {"row": first_seen[identity]}))
        else:
            first_seen[identity] = number
        for column, message in problems:
            checked.add(number, column, message)
        if not problems:
            checked.rows.append((number, row))
    return checked
