"""Hand-built worlds for Suggested Follows. Tweets go through the real archive writer, chats
through the real attribution, interactions through the badges' real derivation, so the
suggestions read rows as production writes them.

Personas: alice (@alice_rn) is the registered member whose suggestions we look at; bob
(@bob_mw) is another registered member; carol, erin and frank are community members who never
logged in; each test gives exactly one of them one link to alice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from types import SimpleNamespace

import pytest

from chats.models import Tweetchat
from tweets import archive
from tweets.models import Account, Community, FollowEdge
from tweets.payloads import Parsed, TweetRecord

T0 = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)  # a Thursday, 8pm: chat time


class World:
    def __init__(self) -> None:
        self._ids = count(7_000_000)
        self.wenurses = Community.objects.create(
            name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses"
        )
        self.wemidwives = Community.objects.create(
            name="WeMidwives", slug="wemidwives", hashtag="wemidwives", display_hashtag="#WeMidwives"
        )

    def account(self, handle: str, member=None, bio: str = "", **fields) -> Account:
        return Account.objects.create(
            id=next(self._ids), handle=handle, name=handle.title(), bio=bio, member=member, **fields
        )

    def tweet(self, author: Account, at: datetime = T0, tags=("wenurses",), mentions=(), reply_to=None) -> TweetRecord:
        record = TweetRecord(
            id=next(self._ids),
            author_id=author.id,
            created_at=at,
            text=" ".join(f"#{t}" for t in tags),
            kind="reply" if reply_to else "original",
            replied_to_id=reply_to.id if reply_to else None,
            replied_to_author_id=reply_to.author_id if reply_to else None,
            hashtags=tuple(tags),
            mentions=tuple((m.id, m.handle) for m in mentions),
        )
        archive.write(Parsed(tweets=[record], accounts=[]), source="test")
        return record

    def chat(self, community: Community, start: datetime, topic: str = "", hosts=()) -> Tweetchat:
        topic = topic or f"Chat {start:%Y%m%d}"
        chat = Tweetchat.objects.create(
            community=community,
            start=start,
            end=start + timedelta(hours=1),
            topic=topic,
            slug=f"chat-{start:%Y%m%d%H}",
            status="archived",
        )
        chat.hosts.set(hosts)
        return chat

    def follow(self, follower: Account, followee: Account) -> FollowEdge:
        return FollowEdge.objects.create(follower=follower, followee=followee)

    def derive(self) -> None:
        """What the nightly jobs build before suggestions: chat attribution, community
        members and interactions, topics."""
        from badges import derived
        from chats import attribution as chats
        from suggestions import topics

        chats.attribute_all()
        derived.rebuild()
        topics.rebuild()

    def suggestions_of(self, user) -> dict[str, list[str]]:
        """@handle → reasons, as the page shows them."""
        from suggestions.models import Suggestion

        return {s.account.handle: s.reasons for s in Suggestion.objects.shown_to(user.pk)}


@pytest.fixture(autouse=True)
def quick_and_in_process(quick_passwords, eager_celery):
    """Every test here: quick password hashing, Celery tasks in-process (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """The home panel is cached: a local cache of our own per test, never the shared Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"suggestions-{id(settings)}",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def people(world, alice, bob) -> SimpleNamespace:
    p = SimpleNamespace(alice_user=alice, bob_user=bob)
    p.alice = world.account("alice_rn", member=alice)
    p.bob = world.account("bob_mw", member=bob)
    p.carol = world.account("carol")
    p.erin = world.account("erin")
    p.frank = world.account("frank")
    # Everyone is in #WeNurses, with no link to anyone: each test adds the one it is about.
    for who in (p.alice, p.bob, p.carol, p.erin, p.frank):
        world.tweet(who, T0 - timedelta(days=60))
    return p
