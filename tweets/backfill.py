"""Filling gaps in what the stream heard, with X's recent search.

Redis holds the buffer's coverage, `covered-until` (tweets/buffer.py): every tweet created
before it is buffered or archived. The stream moves it forward while it is connected and every
line it hears reaches Redis (tweets/stream.py), and it cannot move it over a moment it did not
hear. So after any gap (the stream down or reconnecting, lines dropped while Redis refused
them, Redis lost with its buffer) coverage stays behind, and `fill_gap` (after each connection,
and from Beat every BACKFILL_EVERY seconds) searches each community from its last archived
tweet before that moment up to now, then moves coverage to when the search began.

A Redis that lost its data lost `covered-until` too: the first process to notice pins it at
the newest archived tweet. The archive task checks before it writes anything (tweets/intake.py),
so tweets archived after the loss cannot hide the gap.

Anything found twice (still in the buffer, or heard by the stream too) is harmless: the
archive upserts.

Its reads are chat hours for a community whose chat is on, between-chat archiving otherwise
(tweets/ledger.py). While the X budget pauses between-chat archiving only the communities in
chat hours are searched, and the gap stays open for when it resumes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import tweepy
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from redis.exceptions import LockError

from . import budget, ledger
from .buffer import Buffer
from .models import Community, Tweet, TweetHashtag
from .schedule import live_hashtags
from .xclient import FIELDS

# Recent search reaches back seven days and refuses a since_id or start_time beyond that.
SEARCH_WINDOW = timedelta(days=7) - timedelta(minutes=5)
# The stream delivers a tweet seconds after it is posted, recent search finds it within about a
# minute: coverage claims nothing newer than this.
SETTLE = timedelta(seconds=60)
# Coverage further behind than this is a gap: a connected stream moves it every few seconds.
GAP_AFTER = SETTLE + timedelta(seconds=60)


def with_newest_archived(before: datetime | None = None) -> QuerySet[Community]:
    """Communities with the id and time of their newest archived tweet (created no later than
    `before`, if given), in one query: each subquery walks the (tag, created_at) index
    backwards for one row."""
    newest = TweetHashtag.objects.filter(tag=OuterRef("hashtag"))
    if before is not None:
        newest = newest.filter(created_at__lte=before)
    newest = newest.order_by("-created_at", "-tweet_id")
    return Community.objects.annotate(
        newest_id=Subquery(newest.values("tweet_id")[:1]),
        newest_at=Subquery(newest.values("created_at")[:1]),
    )


def search_params(community: Community, now: datetime) -> dict:
    horizon = now - SEARCH_WINDOW
    params: dict = {"query": f"#{community.hashtag}", "max_results": 100, **FIELDS}
    if community.newest_id and community.newest_at and community.newest_at > horizon:
        params["since_id"] = community.newest_id
    else:
        params["start_time"] = horizon
    return params


def backfill(
    client: tweepy.Client, sink, now: datetime | None = None, before: datetime | None = None,
    only: set[str] | None = None,
) -> int:
    """Search every community (or those whose hashtags are in `only`) since its newest archived
    tweet (before `before`, the start of a gap); returns the pages buffered. `client` must
    return raw responses (tweets/xclient.py)."""
    now = now or timezone.now()
    live = live_hashtags(now)
    communities = with_newest_archived(before)
    if only is not None:
        communities = communities.filter(hashtag__in=only)
    pages = 0
    for community in communities:
        purpose = ledger.CHAT_HOURS if community.hashtag in live else ledger.BETWEEN_CHATS
        with ledger.reading_for(purpose):
            for page in tweepy.Paginator(client.search_recent_tweets, **search_params(community, now)):
                if page.json().get("meta", {}).get("result_count"):
                    sink.append([page.content], source="search")
                    pages += 1
    return pages


def gap_start(buffer: Buffer) -> tuple[datetime | None, bool]:
    """(where coverage ends, whether a gap is open). None: nothing was ever archived, so the
    whole search window."""
    ms, gap_open = buffer.covered_until()
    if ms is None:
        ms, gap_open = pin_coverage(buffer), True
    return (datetime.fromtimestamp(ms / 1000, tz=UTC) if ms else None), gap_open


def pin_coverage(buffer: Buffer) -> int:
    """Coverage unknown (Redis lost it, or never had it): it ends at the newest archived tweet."""
    newest = Tweet.objects.order_by("-id").values_list("created_at", flat=True).first()
    return buffer.pin_coverage(int(newest.timestamp() * 1000) if newest else 0)


def fill_gap(client: tweepy.Client, sink, buffer: Buffer, now: datetime | None = None, force: bool = False) -> int | None:
    """Backfill from where coverage ends, if a gap is open or coverage is behind (or `force`);
    returns the pages buffered, None when there was no gap or another backfill is running."""
    now = now or timezone.now()
    start, gap_open = gap_start(buffer)
    if not (force or gap_open or start is None or now - start >= GAP_AFTER):
        return None
    lock = buffer.client.lock(buffer.name("backfill-lock"), timeout=900, blocking=False, thread_local=False)
    if not lock.acquire():
        return None
    plan = budget.plan(now)
    only = None
    if not plan.allows(ledger.BETWEEN_CHATS):
        only = live_hashtags(now) if plan.allows(ledger.CHAT_HOURS) else set()
    try:
        pages = backfill(client, sink, now=now, before=start, only=only)
        if only is None:
            buffer.close_gap(int((now - SETTLE).timestamp() * 1000))
    finally:
        try:
            lock.release()
        except LockError:
            pass  # it expired during a very long search: nothing to release
    return pages
