"""Thin daily job: calls one service that is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def advance_placements():
    """Daily, before the evaluation dispatch: planned placements start, ended ones complete."""
    return services.placements_advance()
