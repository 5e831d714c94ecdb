"""Dashboards read stored values and cached aggregates: a handful of queries each, none on the
tweet table once the aggregate is cached, and fresh numbers after the archive changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.boards import BOARDS
from dashboards.models import Share

from .conftest import MAR
from .test_boards import text

pytestmark = pytest.mark.django_db

# What any logged-in page pays: the user, their X account (the header's member chip) and the
# badges' "nothing new" come from the cache (members/session_user.py, badges/notifications.py);
# the session too when the cache is Redis, else one query.
LOGGED_IN = 0 if settings.CACHE_URL else 1


def warm_then_count(client, path: str) -> list[str]:
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_it_serves_the_home_in_a_handful_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.alice_user)
    client.get("/mywe/")
    # Badge values, levels reached lately, shares.
    with django_assert_num_queries(LOGGED_IN + 3):
        client.get("/mywe/")


def test_it_serves_each_dashboard_in_a_handful_of_queries_without_the_tweet_table(client, people, django_assert_num_queries):
    client.force_login(people.alice_user)
    for slug in BOARDS:
        client.get(f"/mywe/{slug}/")
        # The badge's value, whether it is shared and the member's X account in one; the rest
        # (clouds included, and WeBlog's posts with the moderators) is cached HTML.
        with django_assert_num_queries(LOGGED_IN + 1) as captured:
            client.get(f"/mywe/{slug}/")
        assert not [q for q in captured.captured_queries if "tweets_tweet" in q["sql"]], slug


def test_it_serves_each_public_dashboard_in_a_handful_of_queries(client, people, django_assert_num_queries):
    for slug in BOARDS:
        Share.objects.create(member=people.alice_user, dashboard=slug)
        client.get(f"/u/alice_rn/{slug}/")
        # The account by handle; its shares and badge values.
        with django_assert_num_queries(2) as captured:
            client.get(f"/u/alice_rn/{slug}/")
        assert not [q for q in captured.captured_queries if "tweets_tweet" in q["sql"]], slug


def test_it_serves_the_public_page_in_two_queries(client, people, django_assert_num_queries):
    Share.objects.create(member=people.alice_user, dashboard="chats")
    client.get("/u/alice_rn/")
    with django_assert_num_queries(2):
        client.get("/u/alice_rn/")


def test_it_shows_new_numbers_once_the_archive_changes(client, people, django_capture_on_commit_callbacks):
    client.force_login(people.alice_user)
    assert "3 sent" in text(client.get("/mywe/engagement/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        people.world.tweet(people.alice, MAR + timedelta(days=1), reply_to=people.bob_t)
    assert "4 sent" in text(client.get("/mywe/engagement/").content.decode())


def test_it_shows_new_numbers_to_the_member_on_the_receiving_end(client, people, django_capture_on_commit_callbacks):
    """bob's dashboard changes when alice replies to him: his "received" side."""
    client.force_login(people.bob_user)
    assert "1 received" in text(client.get("/mywe/engagement/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        people.world.tweet(people.alice, MAR + timedelta(days=1), reply_to=people.bob_t)
    assert "2 received" in text(client.get("/mywe/engagement/").content.decode())


def test_it_shows_new_blog_numbers_after_a_comment(client, people, django_capture_on_commit_callbacks):
    from blog.models import Comment

    client.force_login(people.alice_user)
    assert "1 comment received" in text(client.get("/mywe/weblog/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(post=people.alice_post, author=people.bob_user, body="Second thoughts")
    assert "2 comments received" in text(client.get("/mywe/weblog/").content.decode())
