"""Settings of the real Celery worker that tests/notifications/test_worker.py starts; never used elsewhere.

The test settings, but with a real broker (Redis, a queue of the test's own), the test's database (so the
worker sees the rows the test committed), a file mailbox the test counts, and short retry and
visibility timeouts so that a redelivery after SIGKILL and the backoff fit in seconds. The worker runs beat
too (`-B`, the DatabaseScheduler on the test's rows), and the outbox's sweep, claim and backoff are seconds.
"""

import os

from portal.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["WORKER_TEST_BROKER_URL"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["WORKER_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,  # a message of a killed worker is delivered again after 3 s
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DATABASE"]  # noqa: F405
EMAIL_BACKEND = "tests.notifications.worker_mail.WorkerTestMailbox"
EMAIL_FILE_PATH = os.environ["WORKER_TEST_MAILBOX"]
NOTIFICATION_RETRY_SECONDS = 0.05
OUTBOX_STALE_SECONDS = 2  # a message not taken up for 2 s is handed over again by the next sweep
NOTIFICATION_CLAIM_SECONDS = 3  # a claim not marked sent within 3 s lost its worker
CELERY_BEAT_MAX_LOOP_INTERVAL = 1  # beat looks at its schedule every second (the sweep's interval is 1 s)
