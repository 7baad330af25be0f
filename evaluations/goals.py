"""The learning goals' levels from final evaluations, for the goals' grid (core.hooks.learning_goal_levels)."""

from django.db.models import F, Q

from core.hooks import GoalLevel, GoalMoment, learning_goal_levels
from programmes.goal_scales import levels_of

from .models import Audience, GoalAssessment


@learning_goal_levels.register
def levels(*, goal_ids: list[int], for_student: bool) -> list[GoalLevel]:
    """The levels of submitted evaluations, in one query, each at its evaluation's moment (mid-term,
    final, ...: the grid's columns, in the moments' order). A student sees their supervisor's levels only
    where the programme lets students see their supervisor's evaluation (as
    selectors.supervisor_evaluations_about)."""
    rows = GoalAssessment.objects.filter(learning_goal_id__in=goal_ids, response__is_final=True)
    if for_student:
        rows = rows.filter(
            Q(response__request__audience=Audience.STUDENT)
            | Q(response__request__placement__assignment__programme__students_see_supervisor_evaluation=True)
        )
    return [
        GoalLevel(goal_id=goal_id, moment=GoalMoment(position, name), by=by, label=levels_of(scale).label(level))
        for goal_id, position, name, by, scale, level in rows.values_list(
            "learning_goal_id",
            F("response__request__moment__position"),
            F("response__request__moment__name"),
            F("response__request__audience"),
            "scale",
            "level",
        )
    ]
