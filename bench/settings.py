"""Settings of the bench: the production settings (portal.settings, DEBUG off), and only what a bench needs.

Production as deployed: the real password hasher, the manifest static storage (collectstatic into a
temporary STATIC_ROOT, run by bench.run before anything is served), two-factor enrolment required for
leaders and administrators (the generated leaders and the bench administrator have a TOTP authenticator),
Celery on Redis with a real worker (no eager tasks), the cache on Redis, cached_db sessions.

What differs, set through the environment variables portal.settings reads (bench.run sets them, see
bench.datasets.bench_environment) or below, and nothing else:

- DATABASE_URL: the data set's own database (portal_bench_10k, ...), never a developer's;
- ALLOWED_HOSTS: 127.0.0.1, localhost and Django's test client's host "testserver";
- SECURE_SSL_REDIRECT off: gunicorn serves plain HTTP on 127.0.0.1, with no TLS proxy in front;
- the session and CSRF cookies are not Secure (plain HTTP);
- SECRET_KEY: a fixed bench-only key; PORTAL_VAR_DIR: a directory of the run (mail files, uploads);
- STATIC_ROOT: BENCH_STATIC_ROOT, the run's temporary collectstatic directory;
- Redis: CELERY_BROKER_URL and REDIS_URL on the bench's own database numbers (BENCH_REDIS_DB, default
  12 for the broker and 13 for the cache), and a queue of the run's own (BENCH_QUEUE) so two runs do not
  take each other's tasks;
- when collectstatic fails, BENCH_STATIC_NOT_STRICT: the manifest is not strict (a failed row says so);
- LOG_LEVEL WARNING: a request log line per request would be the bench's own noise.
"""

import os
from pathlib import Path

from bench.datasets import bench_environment

os.environ.update(bench_environment())
os.environ.setdefault("PORTAL_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench-run"))

from portal.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
if os.environ.get("BENCH_STATIC_NOT_STRICT"):
    # collectstatic failed (the run reports it as a failed row): the files it copied are served under their
    # own names, so the pages can still be measured. Production would answer every page with an error.
    WHITENOISE_MANIFEST_STRICT = False
if os.environ.get("BENCH_QUEUE"):
    CELERY_TASK_DEFAULT_QUEUE = os.environ["BENCH_QUEUE"]
# The cache keys of two runs (or of the 10k and the 100k set, whose sessions share a Redis database)
# never meet: a session key of one database is unknown to the other.
CACHES["default"]["KEY_PREFIX"] = "bench-" + Path(DATABASES["default"]["NAME"]).name  # noqa: F405
