"""Settings of the real Celery worker that tests/notifications/test_worker.py starts; never used elsewhere.

The test settings, but with a real broker (Redis, a queue of the test's own), the test's database (so the
worker sees the rows the test committed), a file mailbox the test counts, and short retry and
visibility timeouts so that a redelivery after SIGKILL and the backoff fit in seconds.
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
