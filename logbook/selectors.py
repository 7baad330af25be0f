"""Reads of the logbook for the placement's page, the logbook page and the role pages. What a person may
see is decided in logbook.access; these take what is already in scope."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q

from .models import LogbookComment, LogbookEntry


def logbook_entries_of_placement(*, placement_id: int) -> list[LogbookEntry]:
    """The placement's entries, newest first, with their comments and authors (two queries)."""
    comments = LogbookComment.objects.select_related("author").order_by("created_at", "pk")
    return list(
        LogbookEntry.objects.filter(placement_id=placement_id)
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class LogbookSummary:
    entries: int
    last_date: date | None
    uncommented: int  # entries nobody has commented on yet


def logbook_summaries(*, placement_ids: list[int]) -> dict[int, LogbookSummary]:
    """Per placement id with entries: how many, the latest date and how many await a comment (one query)."""
    if not placement_ids:
        return {}
    rows = (
        LogbookEntry.objects.filter(placement_id__in=placement_ids)
        .values("placement_id")
        .annotate(
            entries=Count("pk", distinct=True),
            last_date=Max("date"),
            uncommented=Count("pk", filter=Q(comments__isnull=True), distinct=True),
        )
        .order_by()
    )
    return {
        row["placement_id"]: LogbookSummary(
            entries=row["entries"], last_date=row["last_date"], uncommented=row["uncommented"]
        )
        for row in rows
    }
