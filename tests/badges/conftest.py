"""A small hand-built world for the badges: tweets go through the real archive writer, chats
through the real attribution, so the metrics read what production rows look like.

Personas: alice and bob are registered members (site users linked to X accounts); carol is a
community member who never logged in; dave tweets but never with a community hashtag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from chats.models import Tweetchat
from tweets import archive
from tweets.models import Account, Community, FollowEdge
from tweets.payloads import DeletionRecord, Parsed, TweetRecord

T0 = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)  # a Thursday, 8pm: chat time


class World:
    def __init__(self) -> None:
        self._ids = count(1_000_000)
        self.wenurses = Community.objects.create(
            name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses"
        )
        self.wemidwives = Community.objects.create(
            name="WeMidwives", slug="wemidwives", hashtag="wemidwives", display_hashtag="#WeMidwives"
        )

    def account(self, handle: str, member=None) -> Account:
        account_id = next(self._ids)
        return Account.objects.create(id=account_id, handle=handle, name=handle.title(), member=member)

    def tweet(
        self,
        author: Account,
        at: datetime,
        tags: tuple[str, ...] = ("wenurses",),
        mentions: tuple[Account, ...] = (),
        reply_to: TweetRecord | None = None,
        quote: TweetRecord | None = None,
        retweet: TweetRecord | None = None,
        unknown_author: bool = False,
    ) -> TweetRecord:
        """Archive one tweet as the archive would from a payload; returns its record."""
        record = self.record(author, at, tags, mentions, reply_to, quote, retweet, unknown_author)
        self.archive([record])
        return record

    def tweets(self, author: Account, times: list[datetime], **kwargs) -> list[TweetRecord]:
        """Archive several tweets of one author in one batch."""
        records = [self.record(author, at, **kwargs) for at in times]
        self.archive(records)
        return records

    def record(
        self,
        author: Account,
        at: datetime,
        tags: tuple[str, ...] = ("wenurses",),
        mentions: tuple[Account, ...] = (),
        reply_to: TweetRecord | None = None,
        quote: TweetRecord | None = None,
        retweet: TweetRecord | None = None,
        unknown_author: bool = False,
    ) -> TweetRecord:
        """unknown_author: the payload did not include the referenced tweet, so whose it is
        is not recorded (the archive may still hold it)."""
        kind = "retweet" if retweet else "reply" if reply_to else "quote" if quote else "original"
        record = TweetRecord(
            id=next(self._ids),
            author_id=author.id,
            created_at=at,
            text=" ".join(f"#{t}" for t in tags),
            kind=kind,
            replied_to_id=reply_to.id if reply_to else None,
            replied_to_author_id=reply_to.author_id if reply_to and not unknown_author else None,
            quoted_id=quote.id if quote else None,
            quoted_author_id=quote.author_id if quote and not unknown_author else None,
            retweeted_id=retweet.id if retweet else None,
            retweeted_author_id=retweet.author_id if retweet and not unknown_author else None,
            hashtags=tuple(tags),
            mentions=tuple((m.id, m.handle) for m in mentions),
        )
        return record

    def archive(self, records: list[TweetRecord]) -> archive.Counts:
        return archive.write(Parsed(tweets=records, accounts=[]), source="test")

    def delete(self, *records: TweetRecord) -> None:
        archive.write(Parsed(deletions=[DeletionRecord(tweet_id=r.id) for r in records]), source="test")

    def chat(self, community: Community, start: datetime, hosts=(), status="archived", hours: int = 1) -> Tweetchat:
        chat = Tweetchat.objects.create(
            community=community, start=start, end=start + timedelta(hours=hours), topic=f"Chat {start:%Y%m%d%H}",
            slug=f"chat-{start:%Y%m%d%H}", status=status,
        )
        chat.hosts.set(hosts)
        return chat

    def attribute(self) -> None:
        from chats import attribution as chats

        chats.attribute_all()

    def follow(self, follower: Account, followee: Account, at: datetime = T0) -> FollowEdge:
        return FollowEdge.objects.create(follower=follower, followee=followee, read_at=at)


@pytest.fixture(autouse=True)
def quick_hashing(quick_passwords):
    """Every test here: quick password hashing (tests/conftest.py); Celery in-process only for the
    tests that ask for `eager_celery`."""


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def people(world, alice, bob):
    class People:
        pass

    p = People()
    p.alice = world.account("alice", member=alice)
    p.bob = world.account("bob", member=bob)
    p.carol = world.account("carol")
    p.dave = world.account("dave")
    # bob and carol are community members from their first tagged tweet; dave only ever tweets
    # untagged; alice starts with nothing, so each test counts her tweets from zero.
    world.tweet(p.bob, T0 - timedelta(days=30))
    world.tweet(p.carol, T0 - timedelta(days=30))
    world.tweet(p.dave, T0 - timedelta(days=30), tags=("coffee",))
    return p
