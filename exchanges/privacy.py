"""Exchange-day reflections: exported; on erasure the text goes and the rating (an aggregate) stays."""

from audit.services import plain_value

from .models import Reflection


def export(user) -> dict:
    rows = Reflection.objects.filter(author=user).order_by("created_at")
    return {
        "reflections": [{"text": r.text, "rating": r.rating, "created_at": plain_value(r.created_at)} for r in rows]
    }


def erase(user) -> None:
    Reflection.objects.filter(author=user).update(text="")
