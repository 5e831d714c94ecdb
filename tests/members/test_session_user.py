"""The logged-in user comes from the cache (members/session_user.py): a bare page costs a
logged-in member no query beyond the session's, and what changes the user or the header is seen
on the next request."""

from __future__ import annotations

import pytest
from django.conf import settings

from badges import awarding
from badges.models import Award
from tweets.models import Account

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.members.bare_urls")]

# The session itself is read from the cache when the cache is shared (Redis), else from the table.
SESSION_QUERIES = 0 if settings.CACHE_URL else 1


@pytest.fixture
def alice_account(alice):
    return Account.objects.create(id=1001, handle="AliceRN", name="Alice Nurse", member=alice)


def test_it_serves_a_bare_page_to_a_logged_in_member_with_no_query_but_the_session(
    client, alice, alice_account, django_assert_num_queries
):
    client.force_login(alice)
    assert "@AliceRN" in client.get("/bare/").content.decode()
    with django_assert_num_queries(SESSION_QUERIES):
        page = client.get("/bare/").content.decode()
    assert "@AliceRN" in page and "Log out" in page


def test_it_logs_out_every_session_of_a_member_whose_password_changed(client, alice):
    client.force_login(alice)
    assert "Log out" in client.get("/bare/").content.decode()
    alice.set_password("a-new-password-2")
    alice.save()
    assert "Log out" not in client.get("/bare/").content.decode()


def test_it_logs_out_a_member_made_inactive(client, alice):
    client.force_login(alice)
    client.get("/bare/")
    alice.is_active = False
    alice.save()
    assert "Log out" not in client.get("/bare/").content.decode()


def test_the_header_shows_an_x_account_linked_after_the_first_page(client, alice):
    client.force_login(alice)
    assert "@AliceRN" not in client.get("/bare/").content.decode()
    Account.objects.create(id=1001, handle="AliceRN", name="Alice Nurse", member=alice)
    assert "@AliceRN" in client.get("/bare/").content.decode()


def test_a_level_reached_after_a_page_that_had_nothing_new_is_told_on_the_next(
    client, alice, alice_account, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.badges.conftest import World

    client.force_login(alice)
    assert "You reached" not in client.get("/bare/").content.decode()
    world = World()
    world.tweets(alice_account, [timezone.now() - timedelta(hours=i) for i in range(10)])
    with django_capture_on_commit_callbacks(execute=True):
        awarding.refresh()
    assert Award.objects.filter(member=alice).exists()
    assert "You reached Hashtags level 1" in client.get("/bare/").content.decode()
    with django_assert_num_queries(SESSION_QUERIES):
        assert "You reached" not in client.get("/bare/").content.decode()
