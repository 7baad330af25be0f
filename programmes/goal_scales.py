"""The scales a programme assesses learning goals on: a few named scales, each an ordered list of levels.

A level is stored as a small integer, 1 for the lowest, with the scale it was given on (so changing a
programme's scale never changes what an earlier assessment said). The labels are translated like every
other text; `passed_from` is the lowest level that counts as achieved in the results.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GoalScale(models.TextChoices):
    ACHIEVED = "achieved", _("Not achieved / achieved")
    SUFFICIENT = "sufficient", _("Insufficient / sufficient / good")
    FIVE_POINT = "five_point", _("1 to 5")


@dataclass(frozen=True)
class Levels:
    labels: tuple
    passed_from: int

    @property
    def top(self) -> int:
        return len(self.labels)

    def choices(self) -> list[tuple[int, str]]:
        return list(enumerate(self.labels, start=1))

    def label(self, level: int) -> str:
        return str(self.labels[level - 1]) if 1 <= level <= self.top else str(level)

    def has(self, level) -> bool:
        return isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= self.top


LEVELS = {
    GoalScale.ACHIEVED: Levels((_("Not achieved"), _("Achieved")), passed_from=2),
    GoalScale.SUFFICIENT: Levels(
        (pgettext_lazy("goal level", "Insufficient"), pgettext_lazy("goal level", "Sufficient"), _("Good")),
        passed_from=2,
    ),
    GoalScale.FIVE_POINT: Levels(("1", "2", "3", "4", "5"), passed_from=3),
}


def levels_of(scale: str) -> Levels:
    return LEVELS[GoalScale(scale)]


def level_on_scale(*, scale: str = "scale", level: str = "level") -> Q:
    """The condition that `level` lies on `scale` (field names), for a CheckConstraint."""
    condition = Q()
    for each, levels in LEVELS.items():
        condition |= Q(**{scale: each.value, f"{level}__gte": 1, f"{level}__lte": levels.top})
    return condition


def level_passed(*, scale: str = "scale", level: str = "level") -> Q:
    """The condition that `level` counts as achieved on its `scale` (field names), for an aggregate."""
    condition = Q()
    for each, levels in LEVELS.items():
        condition |= Q(**{scale: each.value, f"{level}__gte": levels.passed_from})
    return condition
