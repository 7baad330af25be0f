"""A student's placements, learning goals and project groups, for the export and erasure.

Placements stay (linked to the anonymised user) so that aggregates survive; their notes and the wording of
their learning goals go (the goals stay, so the levels given to them still count). A project group's
membership stays with its placement: it holds nothing of the person beyond that link.
"""

from audit.services import plain_value
from core.hooks import personal_data_erasures, personal_data_exports

from .models import LearningGoal, Placement, ProjectGroupMember

ERASED = "[erased]"


@personal_data_exports.register
def export(user) -> dict:
    placements = (
        Placement.objects.filter(student__user=user)
        .select_related("assignment__unit__organisation", "supervisor__user")
        .prefetch_related("learning_goals")
    )
    if not placements:
        return {}
    memberships = ProjectGroupMember.objects.filter(placement__student__user=user).select_related("group__assignment")
    groups = [
        {
            "group": m.group.name,
            "assignment": m.group.assignment.title,
            "lead": m.is_lead,
            "presentation_date": plain_value(m.group.presentation_date),
            "presentation_location": m.group.presentation_location,
        }
        for m in memberships
    ]
    return {
        **({"project_groups": groups} if groups else {}),
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
        ],
    }


@personal_data_erasures.register
def erase(user) -> None:
    Placement.objects.filter(student__user=user).update(notes="")
    LearningGoal.objects.filter(placement__student__user=user).update(description=ERASED)
