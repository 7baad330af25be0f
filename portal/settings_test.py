"""Test settings: the production settings with fast hashing, in-memory mail and cache.

DATABASE_URL still decides the database, so the same suite runs on SQLite and on Postgres.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-test-"))

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_RATE_LIMITS = False
LOGIN_FAILURES_PER_ADDRESS_AND_IP = 0  # tests that need it switch it on
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests do not run collectstatic
WHITENOISE_USE_FINDERS = True
MFA_REQUIRED_FOR_LEADERS = False  # tests that need it switch it on
# Tests read the English source strings; tests/test_i18n.py checks the Dutch default explicitly.
LANGUAGE_CODE = "en"
