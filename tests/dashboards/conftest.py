"""A small hand-built world for the dashboards. Tweets go through the real archive writer, chats
through the real attribution and badges through the real awarding, so every dashboard reads
rows as production writes them.

Personas: alice (@alice_rn) and bob (@bob_mw) are registered members; carol and erin are
community members who never logged in; dave tweets, but never with a We hashtag.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from itertools import count
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from chats.models import Tweetchat
from tweets import archive
from tweets.models import Account, Community, FollowEdge
from tweets.payloads import DeletionRecord, Parsed, TweetRecord

JAN = datetime(2024, 1, 11, 20, 0, tzinfo=UTC)  # a Thursday, 8pm: chat time
FEB = datetime(2024, 2, 8, 20, 0, tzinfo=UTC)
MAR = datetime(2024, 3, 14, 20, 0, tzinfo=UTC)


class World:
    def __init__(self) -> None:
        self._ids = count(5_000_000)
        self.wenurses = Community.objects.create(
            name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses", colour="#005eb8"
        )
        self.wemidwives = Community.objects.create(
            name="WeMidwives", slug="wemidwives", hashtag="wemidwives", display_hashtag="#WeMidwives", colour="#ae2573"
        )
        self.weahps = Community.objects.create(
            name="WeAHPs", slug="weahps", hashtag="weahps", display_hashtag="#WeAHPs", colour="#007f3b"
        )

    def account(self, handle: str, member=None, bio: str = "", name: str = "") -> Account:
        return Account.objects.create(
            id=next(self._ids), handle=handle, name=name or handle.title(), bio=bio, member=member
        )

    def tweet(
        self,
        author: Account,
        at: datetime,
        tags: tuple[str, ...] = ("wenurses",),
        mentions: tuple[Account, ...] = (),
        reply_to: TweetRecord | None = None,
        quote: TweetRecord | None = None,
        retweet: TweetRecord | None = None,
    ) -> TweetRecord:
        kind = "retweet" if retweet else "reply" if reply_to else "quote" if quote else "original"
        record = TweetRecord(
            id=next(self._ids),
            author_id=author.id,
            created_at=at,
            text=" ".join(f"#{t}" for t in tags),
            kind=kind,
            replied_to_id=reply_to.id if reply_to else None,
            replied_to_author_id=reply_to.author_id if reply_to else None,
            quoted_id=quote.id if quote else None,
            quoted_author_id=quote.author_id if quote else None,
            retweeted_id=retweet.id if retweet else None,
            retweeted_author_id=retweet.author_id if retweet else None,
            hashtags=tuple(tags),
            mentions=tuple((m.id, m.handle) for m in mentions),
        )
        archive.write(Parsed(tweets=[record], accounts=[]), source="test")
        return record

    def delete(self, *records: TweetRecord) -> None:
        archive.write(Parsed(deletions=[DeletionRecord(tweet_id=r.id) for r in records]), source="test")

    def chat(self, community: Community, start: datetime, topic: str, hosts=(), status="archived") -> Tweetchat:
        chat = Tweetchat.objects.create(
            community=community, start=start, end=start + timedelta(hours=1), topic=topic,
            slug=topic.lower().replace(" ", "-"), status=status,
        )
        chat.hosts.set(hosts)
        return chat

    def follow(self, follower: Account, followee: Account) -> FollowEdge:
        return FollowEdge.objects.create(follower=follower, followee=followee)


@pytest.fixture(autouse=True)
def quick_and_in_process(quick_passwords, eager_celery):
    """Every test here: quick password hashing, Celery tasks in-process (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Generations and aggregates live in the cache: each test starts with an empty one. On a
    shared Redis the test gets key prefix of its own (never a FLUSHDB), removed afterwards."""
    if not settings.REDIS_URL:
        cache.clear()
        yield
        return
    prefix = f"test-dash-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": prefix},
    }
    yield
    import redis

    client = redis.Redis.from_url(settings.CACHE_URL)  # the cache's own database (wecommunities/settings.py)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def people(world, alice, bob):
    """The hand-built world with known answers for every dashboard (see each test)."""
    from blog.models import Comment, Post
    from chats import attribution as chats

    p = SimpleNamespace(world=world, alice_user=alice, bob_user=bob)
    p.alice = world.account("alice_rn", member=alice, name="Alice Nurse",
                            bio="Nurse educator in mental health. Views my own, RTs not endorsement.")
    p.bob = world.account("bob_mw", member=bob, name="Bob Midwife", bio="Midwife and researcher. Mental health advocate.")
    p.carol = world.account("carol", bio="Student nurse, mental health. https://example.org @someone")
    p.dave = world.account("dave", bio="Footballer and coffee lover")
    p.erin = world.account("erin", bio="Physiotherapist: allied health professional")

    # Community members: bob (#WeMidwives), carol (#WeNurses), erin (#WeAHPs). dave is not one.
    p.bob_t = world.tweet(p.bob, FEB + timedelta(minutes=10), tags=("wemidwives",), mentions=(p.alice,))
    p.carol_t = world.tweet(p.carol, JAN + timedelta(minutes=5))
    p.erin_t = world.tweet(p.erin, JAN - timedelta(days=3), tags=("weahps",))
    world.tweet(p.dave, JAN, tags=("coffee",))

    # alice: two tweets in the January #WeNurses chat, one in the February #WeMidwives chat.
    p.a1 = world.tweet(p.alice, JAN + timedelta(minutes=10))
    p.a2 = world.tweet(p.alice, JAN + timedelta(minutes=20), reply_to=p.carol_t, mentions=(p.carol,))  # → carol, once
    p.a3 = world.tweet(p.alice, FEB + timedelta(minutes=15), tags=("wemidwives",), mentions=(p.bob, p.dave))  # → bob
    p.a4 = world.tweet(p.alice, MAR, tags=(), retweet=p.erin_t, mentions=(p.erin,))  # → erin (a retweet)
    p.a5 = world.tweet(p.alice, MAR + timedelta(minutes=1), tags=("wenurses", "weahps"), reply_to=p.a1)  # self-reply
    p.gone = world.tweet(p.alice, MAR + timedelta(minutes=2), mentions=(p.erin,))
    world.delete(p.gone)
    # carol replies to alice in February: received.
    p.c2 = world.tweet(p.carol, FEB + timedelta(days=1), reply_to=p.a2)

    p.jan_chat = world.chat(world.wenurses, JAN, "Safe staffing", hosts=[p.alice])
    p.feb_chat = world.chat(world.wemidwives, FEB, "Continuity of carer", hosts=[p.bob])
    p.declined = world.chat(world.wenurses, MAR, "Declined idea", hosts=[p.alice], status="declined")
    chats.attribute_all()

    # Followers of alice: bob, carol (community members) and dave (not). alice follows bob, erin.
    for follower, followee in [(p.bob, p.alice), (p.carol, p.alice), (p.dave, p.alice), (p.alice, p.bob), (p.alice, p.erin)]:
        world.follow(follower, followee)

    p.alice_post = Post.objects.create(title="Why I host tweetchats", body="Because **we** learn together.", author=alice)
    p.alice_post.status = Post.Status.PUBLISHED
    p.alice_post.published_at = MAR
    p.alice_post.save()
    p.bob_post = Post.objects.create(title="Continuity matters", body="A reflection.", author=bob,
                                     status=Post.Status.PUBLISHED, published_at=FEB)
    p.draft = Post.objects.create(title="Alice's draft", body="Not yet.", author=alice)
    Comment.objects.create(post=p.bob_post, author=alice, body="Thank you Bob, this helped my team a lot.")
    Comment.objects.create(post=p.alice_post, author=bob, body="Great read!")
    hidden = Comment.objects.create(post=p.alice_post, author=bob, body="Spam spam")
    hidden.hidden_at = MAR
    hidden.save()

    from badges import awarding

    awarding.refresh()
    return p
