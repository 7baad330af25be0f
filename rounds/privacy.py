"""A student's ranked preferences, for the export (they stay on erasure: the matching's history needs them)."""

from core.hooks import personal_data_exports

from .models import Preference


@personal_data_exports.register
def export(user) -> dict:
    preferences = Preference.objects.filter(student__user=user).select_related("rotation_round__cohort", "assignment")
    if not preferences:
        return {}
    return {
        "preferences": [
            {"round": str(p.rotation_round), "assignment": p.assignment.title, "rank": p.rank} for p in preferences
        ]
    }
