"""The opt-in community leaderboard and the newest badges (page and Atom feed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from badges.models import Award
from dashboards import leaderboard
from dashboards.models import Share
from tests.dashboards.conftest import fresh_cache, people, world  # noqa: F401  (fixtures)
from tweets.models import Account

pytestmark = pytest.mark.django_db


@pytest.fixture
def recent(people):  # noqa: F811
    """alice reached three levels this week, bob one; an old level of alice's is out of range."""
    now = timezone.now()
    Award.objects.all().delete()
    for member, badge, level, days in [
        (people.alice_user, "chats", 1, 2),
        (people.alice_user, "chats", 2, 3),
        (people.alice_user, "hashtags", 1, 4),
        (people.alice_user, "hashtags", 2, 200),
        (people.bob_user, "chats", 1, 1),
    ]:
        Award.objects.create(
            member=member, badge=badge, level=level, value=level, reached_at=now - timedelta(days=days)
        )
    return people


def test_nobody_is_on_a_leaderboard_until_they_switch_it_on(client, recent):
    assert leaderboard.ranking(recent.world.wenurses, "month") == []
    assert "@alice_rn" not in client.get("/c/wenurses/leaderboard/").content.decode()


def test_it_ranks_members_of_the_community_who_opted_in_by_levels_reached(client, recent):
    client.force_login(recent.alice_user)
    client.post("/mywe/leaderboard/", {"listed": "1"})
    client.force_login(recent.bob_user)
    client.post("/mywe/leaderboard/", {"listed": "1"})
    assert [(r.handle, r.levels) for r in leaderboard.ranking(recent.world.wenurses, "month")] == [("alice_rn", 3)]
    assert [(r.handle, r.levels) for r in leaderboard.ranking(recent.world.wenurses, "year")] == [("alice_rn", 4)]
    # bob tweets with #WeMidwives only; alice with both.
    assert [r.handle for r in leaderboard.ranking(recent.world.wemidwives, "month")] == ["alice_rn", "bob_mw"]
    page = client.get("/c/wemidwives/leaderboard/").content.decode().split("<tbody>")[1]
    assert page.index("@alice_rn") < page.index("@bob_mw")
    client.post("/mywe/leaderboard/", {"listed": "0"})
    assert [r.handle for r in leaderboard.ranking(recent.world.wemidwives, "month")] == ["alice_rn"]


def test_it_lists_nobody_who_opted_out_of_the_archive(recent):
    leaderboard.set_listed(recent.alice_user.pk, True)
    Account.objects.filter(member=recent.alice_user).update(archive_choice="anonymise")
    assert leaderboard.ranking(recent.world.wenurses, "month") == []


def test_the_newest_badges_are_those_of_members_who_share_them(client, recent):
    Share.objects.create(member=recent.alice_user, dashboard="chats")
    listed = [(b.handle, b.badge, b.level) for b in leaderboard.newest()]
    assert listed == [("alice_rn", "chats", 1), ("alice_rn", "chats", 2)]
    page = client.get("/newest-badges/").content.decode()
    assert "reached <strong>Chats level 1</strong>" in page and "bob_mw" not in page
    feed = client.get("/newest-badges.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "@alice_rn reached Chats level 2" in body and "/u/alice_rn/chats/" in body
