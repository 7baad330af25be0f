"""Handing work to the Celery worker: the database row is the record, the broker message only a doorbell.

Every background job here starts from a committed row (a Notification, a MatchingRun, an ImportJob) that
says what is to be done; the message on the broker only says "look at row 42 now". A broker that is down,
or that restarts empty, loses the doorbell, not the work: each app's periodic sweep hands rows that have
waited too long to the worker again, and the task, taking the row's id, is safe to run twice.
"""

import logging
from functools import partial

from celery import Task
from django.db import transaction
from kombu.exceptions import ChannelError, OperationalError

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args, **kwargs) -> bool:
    """Send `task(*args, **kwargs)` to the broker now; a broker that cannot be reached is logged, not raised.

    Returns whether the message was handed over. Use it where the row it points at is committed already (a
    sweep); inside a transaction use enqueue_on_commit.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except OperationalError:
        # Celery turns every connection error of the broker into kombu's OperationalError. The row stays as it
        # is, and the sweep of its app enqueues it again once the broker is back.
        logger.exception("Broker unreachable: %s%r left to the sweep", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Send `task(*args, **kwargs)` to the broker once the current transaction commits (nothing on rollback).

    The request or job that committed the row never fails because the broker is down: the failure is logged
    and the row waits for its app's sweep (see enqueue). With CELERY_TASK_ALWAYS_EAGER the task runs at
    commit, in this process, and its own errors propagate as before.
    """
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))


# Beat fires the sweeps together (messages, matching runs, imports): while one runs, the other two may still
# wait in the shared queue. That many messages is no backlog; a sweep deferring on them would never ring.
QUIET_QUEUE = 2


def broker_backlog(task: Task) -> int | None:
    """How many messages wait in `task`'s queue; None when the broker cannot be reached (logged).

    A sweep asks first: while messages wait, the rows it would hand over are most likely among them, and
    ringing again would only queue duplicates behind a long backlog (10,000 reminders on a slow mail server).
    """
    app = task.app
    queue = getattr(task, "queue", None) or app.conf.task_default_queue  # a task routed elsewhere sets queue
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1)
            try:
                return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
            except ChannelError:  # no such queue: never used, or emptied (Redis drops an empty list)
                return 0
    except OperationalError:
        logger.warning("Broker unreachable: the size of queue %s is not known", queue)
        return None
