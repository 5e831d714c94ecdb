"""The badge pages, the level messages, and the artwork."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from badges import artwork, awarding, definitions, sharing
from badges.models import Award

from .conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(world, people, alice, bob):
    """alice: Hashtags level 2, reached long ago; bob: Hashtags level 1, reached yesterday."""
    world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(50)])
    world.tweets(people.bob, [timezone.now() - timedelta(days=1, minutes=i) for i in range(9)])
    awarding.refresh()


@pytest.fixture
def no_sharing():
    """Nobody shares (whatever provider the dashboards installed), then the provider is back."""
    before = sharing.provider()
    sharing.register(None)
    yield
    sharing.register(before)


def test_it_lists_the_eight_badges_with_how_many_members_reached_each_level(client, ranked, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/badges/")
    page = response.content.decode()
    for badge in definitions.BADGES:
        assert badge.name in page
        assert f"/badges/{badge.slug}/" in page
    assert "static/badges/hashtags-6.svg" in page
    assert Award.objects.level_counts()["hashtags"] == {1: 2, 2: 1}


def test_a_member_sees_where_they_stand_and_what_the_next_level_needs(client, ranked, bob):
    client.force_login(bob)
    page = client.get("/badges/hashtags/").content.decode()
    assert "You hold <strong>level 1</strong>" in page
    assert "Send 40 more tweets with a We hashtag to reach level 2" in page
    assert "reached by 2 members" in page


def test_it_shows_holders_only_of_members_who_share(client, ranked, alice, bob, no_sharing):
    page = client.get("/badges/hashtags/").content.decode()
    assert "@alice" not in page and "@bob" not in page
    assert "No member who holds this badge shares it yet" in page
    sharing.register(lambda slug: [alice.pk] if slug == "hashtags" else [])
    page = client.get("/badges/hashtags/").content.decode()
    assert "@alice" in page and "level 2" in page
    assert "@bob" not in page
    assert "@alice" not in client.get("/badges/chats/").content.decode()


def test_an_unknown_badge_is_not_found(client, db):
    assert client.get("/badges/gold-star/").status_code == 404


def test_a_member_is_told_of_a_new_level_once_on_their_next_visit(client, ranked, bob):
    client.force_login(bob)
    assert "You reached Hashtags level 1" in client.get("/").content.decode()
    assert "You reached Hashtags level 1" not in client.get("/").content.decode()
    assert Award.objects.get(member=bob).notified_at is not None


def test_a_backfill_tells_nobody(client, ranked, alice):
    client.force_login(alice)
    assert "You reached" not in client.get("/badges/").content.decode()


def test_several_new_levels_of_one_badge_make_one_message(client, world, people, alice):
    world.tweets(people.alice, [timezone.now() - timedelta(hours=i) for i in range(50)])
    awarding.refresh()
    client.force_login(alice)
    page = client.get("/badges/").content.decode()
    assert "You reached Hashtags level 2" in page
    assert "Hashtags level 1" not in page


def test_the_artwork_on_disk_is_what_the_code_draws():
    for name, content in artwork.all_files().items():
        assert (artwork.STATIC_DIR / name).read_text() == content, f"run manage.py draw_badges ({name})"


def test_each_level_of_a_badge_has_its_own_colour_and_a_title():
    for badge in definitions.BADGES:
        fills = set()
        for level in range(badge.top_level + 1):
            root = ET.fromstring(artwork.svg(badge.slug, level))
            assert root.get("viewBox") == "0 0 100 100"
            title = root.find("{http://www.w3.org/2000/svg}title").text
            assert badge.name in title and (str(level) in title if level else "not yet earned" in title)
            fills.add(artwork.colour(level))
        assert len(fills) == badge.top_level + 1
