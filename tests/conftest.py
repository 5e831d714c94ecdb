"""Shared fixtures: personas, live-server switches, Redis isolation, no connection left open."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.conf import settings


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_postgres() -> None:
    """Skip (with the reason) when the suite runs on SQLite; in CI a skip is a failure."""
    if not settings.IS_POSTGRES:
        if _ci():
            pytest.fail("CI must run against PostgreSQL: DATABASE_URL is not a PostgreSQL URL")
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")


def need_redis() -> None:
    if not settings.REDIS_URL:
        if _ci():
            pytest.fail("CI must run against Redis: REDIS_URL is not set")
        pytest.skip("needs Redis: set REDIS_URL=redis://…")


@pytest.fixture
def postgres():
    need_postgres()


@pytest.fixture
def redis_client():
    """A live Redis client. Keys a test makes must start with the `redis_prefix` fixture's
    value; never FLUSHDB — other test runs may share the server."""
    need_redis()
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client):
    prefix = f"test:{uuid.uuid4().hex[:12]}:"
    yield prefix
    for key in redis_client.scan_iter(f"{prefix}*"):
        redis_client.delete(key)


@pytest.fixture
def quick_passwords(settings):
    """Users' passwords hashed with MD5: the production hasher takes ~0.3 s a user by design, and
    most tests make several personas. A folder switches it on (its conftest) or a test asks for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_celery():
    """Celery tasks run in-process even when REDIS_URL points the app at a real broker: a test must
    never leave tasks in a queue that other runs' workers share."""
    from wecommunities.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="alice-password-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="bob-password-1")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("staff", password="staff-password-1")


@pytest.fixture
def fake_x():
    """A started fake X server; API modules install their routes on it in their own fixtures."""
    from tests.fakex.server import FakeX

    fake = FakeX().start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def no_csp_violations(request, monkeypatch):
    """Browser tests: a Content-Security-Policy violation that any page reports in its console
    (a blocked inline script or style, a blocked source) fails the test."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    from playwright.sync_api import Browser, BrowserContext

    seen: list[str] = []

    def watching(new_page):
        def new_watched_page(self, *args, **kwargs):
            page = new_page(self, *args, **kwargs)
            page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
            return page

        return new_watched_page

    monkeypatch.setattr(Browser, "new_page", watching(Browser.new_page))
    monkeypatch.setattr(BrowserContext, "new_page", watching(BrowserContext.new_page))
    yield
    assert seen == [], "Content-Security-Policy violations:\n" + "\n".join(seen)


@pytest.fixture(autouse=True)
def a_cache_of_its_own(request):
    """Logged-in users and "nothing new" for badge notices are cached by user id, and user ids
    repeat from test to test (and from run to run on a shared Redis): each test starts with a
    cache of its own — a cleared local one, or a key prefix of its own on Redis (never FLUSHDB)."""
    from django.core.cache import cache

    if not settings.CACHE_URL:
        cache.clear()
        yield
        return
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    ours = request.getfixturevalue("settings")
    ours.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    yield
    import redis

    client = redis.Redis.from_url(settings.CACHE_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="session")
def postgres_observer(django_db_setup):
    """A connection to the server's maintenance database, to see who else is on the test one."""
    import psycopg
    from django.db import connection

    params = connection.settings_dict
    observer = psycopg.connect(
        host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, user=params["USER"],
        password=params["PASSWORD"], dbname="postgres", autocommit=True,
    )  # fmt: skip
    yield observer
    observer.close()


@pytest.fixture(autouse=True)
def no_connection_left_open(request):
    """On PostgreSQL a test leaves no connection to the test database behind — a thread's, a
    subprocess's, one opened inside Playwright (tests/browser.py): else a later test's flush waits
    on it and the run cannot drop the database at the end ("being accessed by other users").
    Those it finds are named, then ended, so that one test's leak fails that test only."""
    yield
    if not settings.IS_POSTGRES or "django_db_setup" not in request.fixturenames:
        return
    from django.db import connections

    observer = request.getfixturevalue("postgres_observer")
    name = connections["default"].settings_dict["NAME"]
    ours = {c.connection.info.backend_pid for c in connections.all(initialized_only=True) if c.connection}
    # A process that has just been stopped may still be leaving: its backend goes a moment later.
    deadline = time.monotonic() + 5
    while True:
        others = [
            row for row in observer.execute(
                "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity WHERE datname = %s",
                [name],
            ) if row[0] not in ours
        ]  # fmt: skip
        if not others or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    if others:
        for pid, *_ in others:
            observer.execute("SELECT pg_terminate_backend(%s)", [pid])
        pytest.fail(f"the test left connections to {name} open (pid, application, state, last query): {others}")
