"""core.tasks: the broker as a doorbell. Handing over never raises for a broker that is down, nothing is handed
over for a transaction rolled back, and a sweep can ask how many messages wait."""

import logging
import os
import uuid

import pytest
from celery import Celery
from django.db import transaction

from core.tasks import broker_backlog, enqueue, enqueue_on_commit

REDIS_URL = os.environ.get("WORKER_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")


def _app(broker_url):
    app = Celery(f"doorbell-{uuid.uuid4().hex[:8]}", broker=broker_url, set_as_current=False)
    app.conf.update(task_default_queue=f"doorbell-{uuid.uuid4().hex[:12]}", broker_connection_timeout=1)

    @app.task(name="doorbell.ring")
    def ring(row_id):
        return row_id

    return app, ring


def test_a_broker_that_refuses_is_logged_not_raised(caplog):
    _, ring = _app("redis://127.0.0.1:1/0")
    with caplog.at_level(logging.ERROR, logger="core.tasks"):
        assert enqueue(ring, 42) is False
    assert "Broker unreachable: doorbell.ring(42,) left to the sweep" in caplog.text
    assert broker_backlog(ring) is None


@pytest.mark.django_db(transaction=True)
def test_nothing_is_handed_over_for_a_transaction_rolled_back(broker_down):
    _, ring = _app("memory://")
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(ring, 1)
        raise RuntimeError("the request failed")
    assert broker_down == []
    with transaction.atomic():
        enqueue_on_commit(ring, 2)  # committed: handed over (and refused, without an exception)
    assert broker_down == ["doorbell.ring"]


def test_the_backlog_counts_the_messages_waiting_in_the_queue():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL} (set WORKER_TEST_BROKER_URL)")
    app, ring = _app(REDIS_URL)
    try:
        assert broker_backlog(ring) == 0  # the queue does not exist yet
        for row_id in range(3):
            assert enqueue(ring, row_id) is True
        assert broker_backlog(ring) == 3
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(app.conf.task_default_queue)
        app.close()
