"""The learning goals' levels from final evaluations, for the goals' grid (core.hooks.learning_goal_levels)."""

from django.db.models import F, Q

from core.hooks import GoalLevel, learning_goal_levels
from programmes.goal_scales import levels_of

from .models import Audience, GoalAssessment


@learning_goal_levels.register
def levels(*, goal_ids: list[int], for_student: bool) -> list[GoalLevel]:
    """The levels of submitted evaluations, in one query, each at the date its evaluation was sent (until
    evaluation moments exist, a placement has one evaluation per respondent; then the moment's date). A
    student sees their supervisor's levels only where the programme lets students see their supervisor's
    evaluation (as selectors.supervisor_evaluations_about)."""
    rows = GoalAssessment.objects.filter(learning_goal_id__in=goal_ids, response__is_final=True)
    if for_student:
        rows = rows.filter(
            Q(response__request__audience=Audience.STUDENT)
            | Q(response__request__placement__assignment__programme__students_see_supervisor_evaluation=True)
        )
    return [
        GoalLevel(goal_id=goal_id, moment=moment, by=by, label=levels_of(scale).label(level))
        for goal_id, moment, by, scale, level in rows.values_list(
            "learning_goal_id",
            F("response__request__sent_on"),
            F("response__request__audience"),
            "scale",
            "level",
        )
    ]
