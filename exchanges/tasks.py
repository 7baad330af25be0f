"""Thin daily job: calls one service that is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def complete_exchange_days():
    return services.exchange_days_complete()
