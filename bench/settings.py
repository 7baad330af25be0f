"""Settings for `make bench`: the test settings (fast hashing, no mail) plus a bench-only URL.

The bare view lives in bench.urls, which only this settings module routes to; the portal's own URLs
never expose it.
"""

import os

os.environ.setdefault("PORTAL_BENCH", "1")

from portal.settings_test import *  # noqa: F403

BENCH_MODE = True
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "ERROR"}}
