"""Thin daily jobs: each calls one service that is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def dispatch_evaluations():
    return services.evaluation_dispatch_due()


@shared_task(acks_late=True, ignore_result=True)
def send_evaluation_reminders():
    return services.evaluation_send_reminders()


@shared_task(acks_late=True, ignore_result=True)
def expire_evaluations():
    return services.evaluation_expire_overdue()
