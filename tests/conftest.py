"""Shared fixtures: personas, live-server switches, Redis isolation."""

from __future__ import annotations

import os
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
