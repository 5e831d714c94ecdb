"""Incremental and full recomputation agree: batches of tweets (new, replies, retweets,
mentions, newcomers to the communities, deletions, a late backfill) go through the real archive
and signals, moving badges incrementally; a full recompute from nothing must then find exactly
the same values, levels and dates."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from badges import awarding
from badges.models import Award, BadgeValue, CommunityMember
from members.signals import send_follow_graph_changed
from tweets import archive
from tweets.models import Account, FollowEdge, Tweet
from tweets.payloads import AccountRecord, DeletionRecord, Parsed, TweetRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

TAGS = ["wenurses", "wemidwives", "weahps", "coffee"]


def snapshot() -> tuple[dict, dict]:
    values = {(v.member_id, v.badge): (v.value, v.last_at) for v in BadgeValue.objects.all()}
    awards = {(a.member_id, a.badge, a.level): a.reached_at for a in Award.objects.all()}
    return values, awards


def full_from_nothing() -> tuple[dict, dict]:
    BadgeValue.objects.all().delete()
    Award.objects.all().delete()
    CommunityMember.objects.all().delete()
    awarding.refresh()
    return snapshot()


class Activity:
    """Random but reproducible archive traffic among the accounts in the database."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.next_id = 9_000_000_000 + seed * 1_000_000
        self.accounts = list(Account.objects.values_list("id", flat=True))
        # Accounts mentioned and followed before they ever tweet (the follow graph archives them).
        self.newcomers = [self.fresh_id() for _ in range(6)]
        Account.objects.bulk_create([Account(id=i, handle=f"new{i}") for i in self.newcomers])

    def fresh_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def batch(self, size: int, start: datetime, newcomers: int = 0) -> Parsed:
        rng = self.rng
        known = list(Tweet.objects.filter(deleted_at__isnull=True).values_list("id", "author_id")[:2000])
        records, accounts = [], []
        joining = [self.newcomers.pop() for _ in range(min(newcomers, len(self.newcomers)))]
        for k in range(size):
            author = joining[k] if k < len(joining) else rng.choice(self.accounts)
            if k < len(joining):
                accounts.append(AccountRecord(id=author, handle=f"new{author}", profile_at=timezone.now()))
            partner = rng.choice(self.accounts + self.newcomers)
            ref_id, ref_author = rng.choice(known) if known else (None, None)
            kind, extra = "original", {}
            roll = rng.random()
            if ref_id and roll < 0.3:
                kind, extra = "reply", {"replied_to_id": ref_id, "replied_to_author_id": ref_author}
            elif ref_id and roll < 0.45:
                kind, extra = "retweet", {"retweeted_id": ref_id, "retweeted_author_id": ref_author}
            elif ref_id and roll < 0.55:
                kind, extra = "quote", {"quoted_id": ref_id, "quoted_author_id": ref_author}
            mentions = ((partner, "p"),) if rng.random() < 0.5 else ()
            tags = (TAGS[0],) if k < len(joining) else tuple(rng.sample(TAGS, rng.randint(0, 2)))
            records.append(TweetRecord(
                id=self.fresh_id(), author_id=author, created_at=start + timedelta(seconds=k), text="",
                kind=kind, hashtags=tags, mentions=mentions, **extra,
            ))
        for newcomer in self.newcomers[:2]:  # people keep talking about those still to join
            records[rng.randrange(size)].mentions += ((newcomer, "n"),)
        return Parsed(tweets=records, accounts=accounts)

    def deletions(self, count: int) -> Parsed:
        ids = list(Tweet.objects.filter(deleted_at__isnull=True).values_list("id", flat=True))
        return Parsed(deletions=[DeletionRecord(tweet_id=i) for i in self.rng.sample(ids, min(count, len(ids)))])

    def follows(self, members: list[int]) -> None:
        for member in members:
            others = self.rng.sample(self.accounts + self.newcomers, 8)
            FollowEdge.objects.bulk_create(
                [FollowEdge(follower_id=o, followee_id=member) for o in others[:4] if o != member]
                + [FollowEdge(follower_id=member, followee_id=o) for o in others[4:] if o != member],
                ignore_conflicts=True,
            )
        send_follow_graph_changed(members)


def replay(activity: Activity, capture, now: datetime) -> None:
    members = list(Account.objects.filter(member__isnull=False).values_list("id", flat=True))
    with capture(execute=True):
        activity.follows(members[:3])
    for day in range(5):
        start = now - timedelta(days=5 - day)
        with capture(execute=True):
            archive.write(activity.batch(60, start, newcomers=1 if day % 2 else 0), source="test")
        with capture(execute=True):
            archive.write(activity.deletions(3), source="test")
    with capture(execute=True):  # a backfill of older history, and a batch mixing both
        archive.write(activity.batch(40, now - timedelta(days=400)), source="test")
    with capture(execute=True):
        mixed = activity.batch(30, now - timedelta(hours=1))
        mixed.deletions = activity.deletions(2).deletions
        archive.write(mixed, source="test")


def test_incremental_updates_agree_with_a_full_recompute_on_a_hand_built_world(
    world, people, alice, bob, django_user_model, django_capture_on_commit_callbacks
):
    for n in range(4):
        user = django_user_model.objects.create(username=f"m{n}")
        world.account(f"m{n}", member=user)
    activity = Activity(seed=1)
    with django_capture_on_commit_callbacks(execute=True):
        archive.write(activity.batch(200, timezone.now() - timedelta(days=30)), source="test")
    awarding.refresh()
    replay(activity, django_capture_on_commit_callbacks, timezone.now())
    incremental = snapshot()
    assert sum(v for v, _ in incremental[0].values()) > 50
    assert incremental == full_from_nothing()


@pytest.mark.slow
def test_incremental_updates_agree_with_a_full_recompute_on_the_small_demo_world(
    django_capture_on_commit_callbacks, settings
):
    from demo.badges import build_badges
    from demo.build import BUILDERS
    from demo.world import SIZES, DemoWorld

    demo = DemoWorld(size=SIZES["small"], rng=random.Random(2016))
    # The builders up to ours: what comes after (dashboards' word clouds) does not move badges.
    for builder in BUILDERS[: BUILDERS.index(build_badges) + 1]:
        with django_capture_on_commit_callbacks(execute=True):
            builder(demo)
    assert BadgeValue.objects.exists(), "the demo builders compute badges"
    replay(Activity(seed=2), django_capture_on_commit_callbacks, timezone.now())
    incremental = snapshot()
    assert incremental == full_from_nothing()
