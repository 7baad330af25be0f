"""What apps contribute to portal-wide features: each app registers functions from a module of its own,
and the feature collects them with Django's autodiscover_modules, as the admin collects admin.py.

- `calendar_events` (from `<app>/calendar.py`): `events(user)` returning CalendarEvents for the person's feed;
- `personal_data_exports` and `personal_data_erasures` (from `<app>/privacy.py`): `export(user) -> dict`, a
  section of the person's data export, and `erase(user)`, which scrubs the app's personal data;
- `setup_steps` (from `<app>/setup.py`): idempotent install steps run by `manage.py setup_portal`;
- `learning_goal_levels` (from `<app>/goals.py`): `levels(goal_ids, for_student) -> list[GoalLevel]`, the
  levels given to these learning goals, for the goals' grid on the placement and student pages (the
  placements app shows them, the evaluations app, a layer above, records them);
- `placement_panels` (from `<app>/panels.py`): `panel(*, placement, user, can_change) -> PlacementPanel | None`,
  a section of the placement's page from an app above placements (hours, logbook, the agreement);
  `can_change`: the person may change the placement (its leader or an administrator);
- `placement_start_checks` (from `<app>/gates.py`): `blockers(*, starts) -> {placement id: [reasons]}`, what of
  an app above placements keeps these placements (placements.services.PlacementStart rows) from starting,
  asked with the documents gate whenever a placement is to become active (the internship agreement);
- `placement_ended` (from `<app>/lifecycle.py`): `ended(*, placement_ids, today, actor)`, called in the
  transaction that ended these placements (completed by the daily job, ended early), so an app above
  placements acts on the end (the evaluations app makes the final moment's requests);
- `message_contexts` (from `<app>/messages.py`): `context(notification) -> dict | None`, what an e-mail of the
  app's shows, read when it is sent (in the recipient's language) for a message queued with only the object it
  is about: a daily job's row stays small, and a secret (an evaluation's link) lives in one table only.
  None for another app's message; the row's own context, if any, wins.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.module_loading import autodiscover_modules


class Hook:
    """Functions registered by the apps' `<module_name>.py` modules, in the order of INSTALLED_APPS."""

    def __init__(self, module_name: str):
        self.module_name = module_name
        self.functions: list[Callable] = []

    def register(self, function: Callable) -> Callable:
        """Decorator: add `function` (once, however often its module is imported)."""
        if function not in self.functions:
            self.functions.append(function)
        return function

    def __iter__(self) -> Iterator[Callable]:
        autodiscover_modules(self.module_name)  # imports each app's module once; later calls cost nothing
        return iter(list(self.functions))


calendar_events = Hook("calendar")
personal_data_exports = Hook("privacy")
personal_data_erasures = Hook("privacy")
setup_steps = Hook("setup")
learning_goal_levels = Hook("goals")
placement_panels = Hook("panels")
placement_start_checks = Hook("gates")
placement_ended = Hook("lifecycle")
message_contexts = Hook("messages")


@dataclass
class CalendarEvent:
    """One event of a person's iCal feed."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime  # a date: the inclusive last day; a datetime: the exclusive end moment
    location: str = ""
    description: str = ""


@dataclass(frozen=True, order=True)
class GoalMoment:
    """An evaluation moment as the goals' grid orders and names its columns (mid-term before final)."""

    position: int
    name: str


@dataclass(frozen=True)
class GoalLevel:
    """The level one person gave one learning goal at one evaluation moment."""

    goal_id: int
    moment: GoalMoment  # the levels of one moment line up in one column
    by: str  # "supervisor" or "student" (a self-assessment)
    label: str


@dataclass(frozen=True)
class PlacementPanel:
    """A section of the placement's page: a template of the contributing app and what it shows."""

    template: str
    context: dict
