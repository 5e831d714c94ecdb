"""Loaded as a pytest plugin (-p tests.testenv) so it runs before pytest-django reads settings.
Tests run with production-like settings (DEBUG off); the values production requires have test defaults.
DATABASE_URL / REDIS_URL, when set, point the suite at live servers."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# The demo app (demo_data, demo_chat and the demo world builders) is tested too.
os.environ.setdefault("DEMO", "true")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# Django's test runner swaps in its in-memory backend; production insists on a mail server.
os.environ.setdefault("EMAIL_URL", "smtp://localhost:25")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "#MyWe <noreply@mywe.example>")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Two Ed25519 keys: the first signs the badge credentials, both verify (credentials.keys).
os.environ.setdefault(
    "BADGE_SIGNING_KEYS", "OvSvwAVUWgLfj4X9A2KNQtZQ5tvcSs4m1bRc5dC1JUQ,2VpcHhsM4rZT3KZ3jGjmqkx7X6bqJh2yHfZ8c4fTzWY"
)
