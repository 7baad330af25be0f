"""What the evaluations app does when placements end (core.hooks.placement_ended): the final moment's
requests, through the dispatch (evaluations.services.evaluation_dispatch_ended)."""

from core.hooks import placement_ended

from .services import evaluation_dispatch_ended


@placement_ended.register
def ended(*, placement_ids, today, actor) -> None:
    evaluation_dispatch_ended(placement_ids=placement_ids, today=today, actor=actor)
