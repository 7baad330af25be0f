"""What each kind of import reads: its columns, how one row is typed and checked, and how it is written.

A row is typed by a small Django form (so every error names its column), then checked against the rest
of the file (duplicates) and the database (unknown units or cohorts, existing records) with lookups
loaded once per file, never once per row. Writing goes through the domain services, the one place
each rule lives.
"""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from organisations.models import Organisation, Unit
from organisations.services import unit_create
from placements.services import assignment_create
from programmes.models import Level, Supervisor
from programmes.services import NewStudent, students_create

from .parsing import compact, quote

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d-%m-%y", "%d/%m/%y"]
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)  # a date outside these is a typing error
_LEVELS = {value: value for value in Level.values} | {
    "mbo 3": Level.MBO3,
    "mbo-3": Level.MBO3,
    "mbo 4": Level.MBO4,
    "mbo-4": Level.MBO4,
    "university": Level.WO,
}
# Spellings of the levels in Dutch lists, compared without spaces, dashes or case ("MBO niveau 4" = "mboniveau4").
_LEVEL_SPELLINGS = {
    "3": Level.MBO3,
    "niveau3": Level.MBO3,
    "mboniveau3": Level.MBO3,
    "mbo3": Level.MBO3,
    "n3": Level.MBO3,
    "4": Level.MBO4,
    "niveau4": Level.MBO4,
    "mboniveau4": Level.MBO4,
    "mbo4": Level.MBO4,
    "n4": Level.MBO4,
    "hbo": Level.HBO,
    "hbobachelor": Level.HBO,
    "hogeschool": Level.HBO,
    "wo": Level.WO,
    "wobachelor": Level.WO,
    "womaster": Level.WO,
    "universiteit": Level.WO,
    "university": Level.WO,
}


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _level_in(text: str) -> str | None:
    """A level inside a longer description: "MBO niveau 4 (middenkader)", "hbo-bachelor", "WO master"."""
    words = re.sub(r"[^a-z0-9]+", " ", compact_words(text)).split()
    if "mbo" in words or "niveau" in words:
        found = {word for word in words if word in ("3", "4")}
        return {"3": Level.MBO3, "4": Level.MBO4}[found.pop()] if len(found) == 1 else None
    if words and words[0] in ("hbo", "wo"):
        return Level.HBO if words[0] == "hbo" else Level.WO
    return None


def compact_words(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class LevelField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        value = re.sub(r"^(\d+)[.,]0+$", r"\1", value.strip())  # 4.0 from a float column
        level = _LEVELS.get(value.strip().lower()) or _LEVEL_SPELLINGS.get(compact(value)) or _level_in(value)
        if level is None:
            raise forms.ValidationError(
                _("Unknown level %(value)s; use one of %(levels)s.")
                % {"value": quote(value), "levels": "MBO 3, MBO 4, HBO, WO"}
            )
        return level


class SaneDateField(forms.DateField):
    """A date between 2000 and 2100, typed as people do (31-12-2026, 2026-12-31) or as Excel's day number."""

    def to_python(self, value):
        text = str(value or "").strip()
        if text.isascii() and text.isdigit() and 36526 <= int(text) <= 73415:  # an Excel date serial of 2000-2100
            return date(1899, 12, 30) + timedelta(days=int(text))
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.") % {"earliest": "2000", "latest": "2100"}
            )


class LevelsField(LevelField):
    """Several levels in one cell, separated by commas, semicolons or slashes ("HBO, WO")."""

    def clean(self, value):
        parts = [part for part in re.split(r"[,;/]", forms.CharField.clean(self, value) or "") if part.strip()]
        return list(dict.fromkeys(super(LevelsField, self).clean(part) for part in parts))


class TagsField(forms.CharField):
    """Comma-separated tags ("data, law") as a list, each once, as the matching compares them."""

    def clean(self, value):
        text = super().clean(value) or ""
        return list(dict.fromkeys(tag.strip() for tag in re.split(r"[,;]", text) if tag.strip()))


def _date():
    return SaneDateField(required=False, input_formats=DATE_FORMATS)


class StudentRow(forms.Form):
    name = forms.CharField(max_length=200, required=False)  # or first name, infix and last name
    email = forms.EmailField(max_length=254)
    cohort = forms.CharField(max_length=200, required=False)  # or the cohort chosen for the whole file
    school = forms.CharField(max_length=200, required=False)
    study_programme = forms.CharField(max_length=200, required=False)
    level = LevelField(required=False)
    expected_graduation = _date()
    first_name = forms.CharField(max_length=100, required=False)
    infix = forms.CharField(max_length=40, required=False)
    last_name = forms.CharField(max_length=150, required=False)

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        if not data.get("name") and "name" not in self.errors:
            parts = [data.get("first_name"), data.get("infix"), data.get("last_name")]
            data["name"] = " ".join(part for part in parts if part)[:200]
            if not data["name"]:
                self.add_error("name", forms.Field.default_error_messages["required"])
        return data


class UnitRow(forms.Form):
    name = forms.CharField(max_length=200)
    organisation = forms.CharField(max_length=200, required=False)
    parent = forms.CharField(max_length=200, required=False)  # a unit's name, of the same organisation
    address = forms.CharField(max_length=300, required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(max_length=40, required=False)


class AssignmentRow(forms.Form):
    title = forms.CharField(max_length=200)
    unit = forms.CharField(max_length=200)
    organisation = forms.CharField(max_length=200, required=False)
    description = forms.CharField(required=False, max_length=5000)
    capacity = forms.IntegerField(min_value=1, max_value=1000, required=False)
    min_capacity = forms.IntegerField(min_value=0, max_value=1000, required=False)
    available_from = _date()
    available_until = _date()
    backgrounds = TagsField(max_length=500, required=False)
    levels = LevelsField(max_length=200, required=False)
    supervisor = forms.EmailField(max_length=254, required=False)  # of a person of the unit's organisation

    def clean(self):
        data = super().clean()
        data["supervisor"] = (data.get("supervisor") or "").lower()
        if data.get("capacity") is None and "capacity" not in self.errors:
            data["capacity"] = 1
        if data.get("min_capacity") is None and "min_capacity" not in self.errors:
            data["min_capacity"] = 0
        if (data.get("min_capacity") or 0) > (data.get("capacity") or 1):
            self.add_error("min_capacity", _("The minimum must not exceed the capacity."))
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end of availability must not be before its start."))
        return data


# The columns as the leader reads them (a column without a label here is shown by its name).
COLUMN_LABELS = {
    "name": gettext_lazy("Name"),
    "first_name": gettext_lazy("First name"),
    "infix": gettext_lazy("Name prefix (tussenvoegsel)"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("E-mail address"),
    "cohort": gettext_lazy("Cohort"),
    "school": gettext_lazy("School"),
    "study_programme": gettext_lazy("Study programme"),
    "level": gettext_lazy("Level"),
    "expected_graduation": gettext_lazy("Expected graduation"),
    "organisation": gettext_lazy("Organisation"),
    "address": gettext_lazy("Address"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "contact_phone": gettext_lazy("Contact phone"),
    "title": gettext_lazy("Title"),
    "unit": gettext_lazy("Unit"),
    "description": gettext_lazy("Description"),
    "capacity": gettext_lazy("Capacity"),
    "min_capacity": gettext_lazy("Minimum capacity"),
    "available_from": gettext_lazy("Available from"),
    "available_until": gettext_lazy("Available until"),
    "parent": gettext_lazy("Parent unit"),
    "backgrounds": gettext_lazy("Wanted backgrounds"),
    "levels": gettext_lazy("Wanted levels"),
    "supervisor": gettext_lazy("Supervisor (e-mail address)"),
}

PROGRESS_EVERY = 200  # rows between two progress updates (and rows per bulk write)


class RowFailed(Exception):
    """A row that the database refused while applying; `row` is None when a bulk write cannot tell which."""

    def __init__(self, row: int | None, error: ValidationError):
        super().__init__(row)
        self.row, self.error = row, error

    def as_errors(self) -> list[dict]:
        if hasattr(self.error, "error_dict"):
            return [
                {"row": self.row, "column": column, "message": str(message)}
                for column, messages in self.error.message_dict.items()
                for message in messages
            ]
        return [{"row": self.row, "column": "", "message": str(m)} for m in self.error.messages]


class Kind:
    """One kind of import. Subclasses load their lookups once (prepare) and check rows against them."""

    key = ""
    label = ""
    form_class = forms.Form
    key_column = ""

    @property
    def required(self) -> list[str]:
        return [name for name, field in self.form_class.base_fields.items() if field.required]

    @property
    def columns(self) -> list[str]:
        return list(self.form_class.base_fields)

    @property
    def preview_columns(self) -> list[str]:
        """The typed values shown in the preview, in this order."""
        return self.columns

    def missing_columns(self, present: set[str]) -> list[str]:
        """The required columns a header lacks."""
        return [column for column in self.required if column not in present]

    def header_problems(self, present: set[str], ctx: dict) -> list[tuple[str, str]]:
        """(column, message) for what the header lacks given the database (checked once prepared)."""
        return []

    def prepare(self, *, programme, rows: list[dict]) -> dict:
        return {}

    def identity(self, row: dict, ctx: dict):
        """The value that must be unique in the file and new to the database."""
        raise NotImplementedError

    def check(self, row: dict, ctx: dict) -> list[tuple[str, str]]:
        """(column, message) for each problem the database shows with this row."""
        return []

    def apply(self, row: dict, ctx: dict, *, programme, actor):
        """Write one checked row; returns what it created."""
        raise NotImplementedError

    def apply_all(self, rows: list[tuple[int, dict]], ctx: dict, *, programme, actor, progress) -> list:
        """Write every checked (row number, row) in the caller's transaction, calling progress(count) as it
        goes; returns what each row created. Raises RowFailed for a row the database refuses."""
        created = []
        for count, (number, row) in enumerate(rows, start=1):
            try:
                created.append(self.apply(row, ctx, programme=programme, actor=actor))
            except ValidationError as exc:
                raise RowFailed(number, exc) from exc
            if count % PROGRESS_EVERY == 0:
                progress(count)
        return created


class StudentsKind(Kind):
    key = "students"
    label = gettext_lazy("Students")
    form_class = StudentRow
    key_column = "email"

    @property
    def preview_columns(self):
        return [column for column in self.columns if column not in ("first_name", "infix", "last_name")]

    def missing_columns(self, present):
        missing = super().missing_columns(present)
        if not present & {"name", "first_name", "last_name"}:
            missing.insert(0, "name")
        return missing

    def header_problems(self, present, ctx):
        if "cohort" in present or ctx["default_cohort"]:
            return []
        return [("cohort", _("This required column is missing; or choose the cohort of every student in the file."))]

    def prepare(self, *, programme, rows):
        emails = sorted({row["email"] for row in rows})
        taken = set()
        for chunk in _chunks(emails):
            taken.update(e.lower() for e in User.objects.filter(email__in=chunk).values_list("email", flat=True))
        cohorts = {compact(cohort.name): cohort for cohort in programme.cohorts.all()}
        wanted = any(row["school"] for row in rows)  # no query for a file without schools
        schools = {compact(school.name): school for school in programme.schools.all()} if wanted else {}
        # A file without cohorts: the cohort the leader chose for it, or the programme's only cohort.
        only = next(iter(cohorts.values())) if len(cohorts) == 1 else None
        return {"taken": taken, "cohorts": cohorts, "schools": schools, "default_cohort": only}

    def identity(self, row, ctx):
        return row["email"]

    def check(self, row, ctx):
        problems = []
        if not row["cohort"] and ctx["default_cohort"]:
            row["cohort"] = ctx["default_cohort"].name
        if row["email"] in ctx["taken"]:
            problems.append(("email", _("Someone with this e-mail address has an account already.")))
        if not row["cohort"]:
            problems.append(("cohort", _("Fill in the cohort, or choose the cohort of every student in the file.")))
        elif compact(row["cohort"]) not in ctx["cohorts"]:
            problems.append(("cohort", _("This programme has no cohort named %(name)s.") % {"name": row["cohort"]}))
        if row["school"] and compact(row["school"]) not in ctx["schools"]:
            problems.append(
                (
                    "school",
                    _("No school named %(name)s takes part in this programme; add it on the programme's schools page.")
                    % {"name": row["school"]},
                )
            )
        return problems

    def apply_all(self, rows, ctx, *, programme, actor, progress):
        """In bulk, PROGRESS_EVERY students a time (students_create: a fixed number of statements each);
        returns each new person and the cohort they joined (for their invitation)."""
        created = []
        for start in range(0, len(rows), PROGRESS_EVERY):
            chunk = rows[start : start + PROGRESS_EVERY]
            new = [
                NewStudent(
                    name=row["name"],
                    email=row["email"],
                    cohort=ctx["cohorts"][compact(row["cohort"])],
                    school=ctx["schools"][compact(row["school"])] if row["school"] else None,
                    study_programme=row["study_programme"],
                    level=row["level"],
                    expected_graduation=row["expected_graduation"],
                )
                for _number, row in chunk
            ]
            try:
                students = students_create(students=new, actor=actor)
            except ValidationError as exc:
                raise RowFailed(chunk[0][0] if len(chunk) == 1 else None, exc) from exc
            created += [(student.user, str(n.cohort)) for student, n in zip(students, new, strict=True)]
            progress(start + len(chunk))
        return created


def _organisations(programme, rows) -> dict:
    names = {row["organisation"].lower() for row in rows if row.get("organisation")}
    found = {o.name.lower(): o for o in Organisation.objects.all() if o.name.lower() in names}
    found[""] = programme.organisation
    return found


def _organisation_problem(row, ctx):
    if row["organisation"].lower() not in ctx["organisations"]:
        return [("organisation", _("There is no organisation named %(name)s.") % {"name": row["organisation"]})]
    return []


def _units_of(organisations) -> dict:
    return {
        (unit.organisation_id, unit.name.lower()): unit
        for unit in Unit.objects.filter(organisation__in=[o.pk for o in organisations]).only(
            "pk", "name", "organisation_id"
        )
    }


class UnitsKind(Kind):
    key = "units"
    label = gettext_lazy("Units")
    form_class = UnitRow
    key_column = "name"

    def prepare(self, *, programme, rows):
        organisations = _organisations(programme, rows)
        return {"organisations": organisations, "units": _units_of(organisations.values())}

    def identity(self, row, ctx):
        organisation = ctx["organisations"].get(row["organisation"].lower())
        return (organisation.pk if organisation else row["organisation"].lower(), row["name"].lower())

    def check(self, row, ctx):
        """Also the parent: a unit of the same organisation that exists already or comes in an earlier row
        (so the rows form a tree; they add units, never move one, so no cycle can arise)."""
        problems = _organisation_problem(row, ctx)
        if problems:
            return problems
        identity = self.identity(row, ctx)
        if identity in ctx["units"]:
            problems.append(("name", _("This organisation already has a unit with this name.")))
        parent = (identity[0], row["parent"].lower())
        if row["parent"] and parent == identity:
            problems.append(("parent", _("A unit cannot be its own parent.")))
        elif row["parent"] and parent not in ctx["units"] and parent not in ctx.setdefault("earlier", set()):
            problems.append(
                (
                    "parent",
                    _("%(organisation)s has no unit named %(name)s, neither already nor in an earlier row.")
                    % {"organisation": ctx["organisations"][row["organisation"].lower()], "name": row["parent"]},
                )
            )
        ctx.setdefault("earlier", set()).add(identity)
        return problems

    def apply(self, row, ctx, *, programme, actor):
        identity = self.identity(row, ctx)
        parent = (identity[0], row["parent"].lower()) if row["parent"] else None
        created = ctx.setdefault("created", {})
        ctx["created"][identity] = unit_create(
            organisation=ctx["organisations"][row["organisation"].lower()],
            parent=ctx["units"].get(parent) or created.get(parent) if parent else None,
            name=row["name"],
            address=row["address"],
            contact_email=row["contact_email"],
            contact_phone=row["contact_phone"],
            actor=actor,
        )
        return ctx["created"][identity]


class AssignmentsKind(Kind):
    key = "assignments"
    label = gettext_lazy("Assignments")
    form_class = AssignmentRow
    key_column = "title"

    def prepare(self, *, programme, rows):
        organisations = _organisations(programme, rows)
        existing = {
            (unit_id, title.lower()) for unit_id, title in programme.assignments.values_list("unit_id", "title")
        }
        units = _units_of(organisations.values())
        return {"organisations": organisations, "units": units, "existing": existing, "supervisors": _supervisors(rows)}

    def _unit(self, row, ctx):
        organisation = ctx["organisations"].get(row["organisation"].lower())
        return organisation and ctx["units"].get((organisation.pk, row["unit"].lower()))

    def identity(self, row, ctx):
        unit = self._unit(row, ctx)
        return (unit.pk if unit else row["unit"].lower(), row["title"].lower())

    def check(self, row, ctx):
        problems = _organisation_problem(row, ctx)
        if problems:
            return problems
        unit = self._unit(row, ctx)
        if unit is None:
            organisation = ctx["organisations"][row["organisation"].lower()]
            return [
                (
                    "unit",
                    _("%(organisation)s has no unit named %(name)s.")
                    % {"organisation": organisation, "name": row["unit"]},
                )
            ]
        if (unit.pk, row["title"].lower()) in ctx["existing"]:
            problems.append(("title", _("This unit already offers an assignment with this title in the programme.")))
        return problems + _supervisor_problem(row, unit, ctx)

    def apply(self, row, ctx, *, programme, actor):
        assignment_create(
            programme=programme,
            unit=self._unit(row, ctx),
            title=row["title"],
            description=row["description"],
            capacity=row["capacity"],
            min_capacity=row["min_capacity"],
            available_from=row["available_from"],
            available_until=row["available_until"],
            wanted_backgrounds=row["backgrounds"],
            wanted_levels=row["levels"],
            default_supervisor=ctx["supervisors"][row["supervisor"]][0] if row["supervisor"] else None,
            actor=actor,
        )


def _supervisors(rows) -> dict:
    """The supervisors named in the file by e-mail address: address -> (supervisor, their organisations' ids)."""
    emails = sorted({row["supervisor"] for row in rows if row.get("supervisor")})
    found = {}
    for chunk in _chunks(emails):
        for supervisor in (
            Supervisor.objects.filter(user__email__in=chunk).select_related("user").prefetch_related("units")
        ):
            found[supervisor.user.email.lower()] = (
                supervisor,
                {unit.organisation_id for unit in supervisor.units.all()},
            )
    return found


def _supervisor_problem(row, unit, ctx) -> list[tuple[str, str]]:
    """The supervisor must be known and work at the unit's organisation (placements.services.assignment_check
    asks the same when the row is written)."""
    if not row["supervisor"]:
        return []
    if row["supervisor"] not in ctx["supervisors"]:
        return [
            (
                "supervisor",
                _("There is no supervisor with the e-mail address %(email)s.") % {"email": row["supervisor"]},
            )
        ]
    supervisor, organisation_ids = ctx["supervisors"][row["supervisor"]]
    if unit.organisation_id not in organisation_ids:
        organisation = next(o for o in ctx["organisations"].values() if o.pk == unit.organisation_id)
        return [
            (
                "supervisor",
                _("%(person)s does not work at %(organisation)s, the unit's organisation.")
                % {"person": supervisor, "organisation": organisation},
            )
        ]
    return []


KINDS: dict[str, Kind] = {kind.key: kind for kind in (StudentsKind(), UnitsKind(), AssignmentsKind())}
