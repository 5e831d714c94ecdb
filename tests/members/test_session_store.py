"""The session engine (members/session_store.py) reads the session row by one plain statement:
it must find exactly the sessions Django's own lookup finds, and nothing a logout or an expiry
has ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from members.session_store import SessionStore

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.members.bare_urls")]


def test_it_reads_back_what_django_wrote():
    written = DjangoSessionStore()
    written["basket"] = {"chats": [1, 2], "name": "Ünïcode"}
    written.create()
    read = SessionStore(written.session_key)
    assert read["basket"] == {"chats": [1, 2], "name": "Ünïcode"}
    assert read.session_key == written.session_key


def test_it_reads_the_session_row_in_one_query(django_assert_num_queries):
    written = SessionStore()
    written["seen"] = True
    written.create()
    if settings.CACHE_URL:  # cached_db: drop the cached copy so the row itself is read
        SessionStore(written.session_key)._cache.delete(written.cache_key)
    with django_assert_num_queries(1):
        assert SessionStore(written.session_key)["seen"] is True


def test_it_finds_no_session_for_an_unknown_key():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None  # a new key is made when it is saved, as Django does


def test_an_expired_session_is_not_read():
    written = SessionStore()
    written["seen"] = True
    written.create()
    Session.objects.filter(session_key=written.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    if settings.CACHE_URL:
        SessionStore(written.session_key)._cache.delete(written.cache_key)
    assert SessionStore(written.session_key).load() == {}


@pytest.mark.skipif(not settings.CACHE_URL, reason="the cached engine runs only with a shared cache (CACHE_URL)")
def test_a_session_read_from_the_table_is_cached_for_what_is_left_of_its_life():
    written = SessionStore()
    written["seen"] = True
    written.set_expiry(600)
    written.create()
    written._cache.delete(written.cache_key)
    SessionStore(written.session_key).load()
    ttl = written._cache._cache.get_client(written.cache_key).ttl(written._cache.make_and_validate_key(written.cache_key))
    assert 590 <= ttl <= 600


def test_a_cookie_from_before_the_logout_no_longer_logs_in(client, alice):
    client.force_login(alice)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert "Log out" in client.get("/bare/").content.decode()
    client.post("/accounts/logout/")
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    assert "Log out" not in client.get("/bare/").content.decode()


def test_it_is_the_engine_the_site_runs():
    from importlib import import_module

    assert import_module(settings.SESSION_ENGINE).SessionStore is SessionStore
