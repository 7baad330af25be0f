"""A student's placements and learning goals, for the export and erasure.

Placements stay (linked to the anonymised user) so that aggregates survive; their notes go.
"""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import Placement


@personal_data_exports.register
def export(user) -> dict:
    placements = (
        Placement.objects.filter(student__user=user)
        .select_related("assignment__unit__organisation", "supervisor__user")
        .prefetch_related("learning_goals")
    )
    if not placements:
        return {}
    return {
        "placements": [
            {
                "assignment": p.assignment.title,
                "unit": str(p.assignment.unit),
                "start_date": plain_value(p.start_date),
                "end_date": plain_value(p.end_date),
                "status": p.status,
                "supervisor": str(p.supervisor) if p.supervisor else "",
                "learning_goals": [goal.description for goal in p.learning_goals.all()],
            }
            for p in placements
        ]
    }


@personal_data_erasures.register
def erase(user) -> None:
    Placement.objects.filter(student__user=user).update(notes="")
