"""Chat-hours archiving (ARCHIVE_MODE=chat-hours): recent search instead of the filtered stream.

The stream reads every post on every community hashtag all day, and X charges each one. A
tweetchat community talks mostly during its chats, so in this mode we poll recent search for
each community's hashtag while one of its chats is on (from POLL_BEFORE its start to POLL_AFTER
its end) every X_POLL_EVERY seconds, and sweep the hours between chats X_SWEEPS_PER_DAY times a
day. Pages go into the same buffer as the stream's lines, so the archive, attribution and
everything downstream are the same.

Each poll asks only for what is newer than the newest tweet seen (`since_id`, from SearchPoll or
the archive, whichever is newer) and pages through all of it (X answers newest first), so
pages never leave a hole; SearchPoll moves only after every page is in the buffer, so a poll cut
short is repeated whole (the archive upserts). Polls stop at `end_time` = SETTLE ago: recent
search indexes a post a little after it is posted, and a post indexed late with an id below one
already seen would be missed for good.

Which chats are on comes from tweets/schedule.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
import tweepy
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import budget, ledger
from .backfill import SEARCH_WINDOW, with_newest_archived
from .models import Community, SearchPoll
from .schedule import live_hashtags, windows
from .xclient import FIELDS

log = logging.getLogger(__name__)

SETTLE = timedelta(seconds=30)  # X refuses an end_time less than 10 s ago


def poll(client: tweepy.Client, sink, now: datetime | None = None) -> dict[str, int]:
    """Poll every community in chat hours now; returns pages buffered per hashtag."""
    now = now or timezone.now()
    live: dict[str, datetime] = {}  # hashtag → since when its chats are on (two may overlap)
    for w in windows(now, now):
        if w.start <= now <= w.end:
            live[w.hashtag] = min(w.start, live.get(w.hashtag, w.start))
    if not live or not budget.plan(now).allows(ledger.CHAT_HOURS):
        return {}
    return {
        c.hashtag: read_since(client, sink, c, ledger.CHAT_HOURS, now, floor=live[c.hashtag])
        for c in with_newest_archived().filter(hashtag__in=live)
    }


def sweep(client: tweepy.Client, sink, now: datetime | None = None) -> dict[str, int]:
    """Search every community not in chat hours since its newest tweet seen (the hours between
    chats); returns pages buffered per hashtag. Paused with between-chat archiving."""
    now = now or timezone.now()
    if not budget.plan(now).allows(ledger.BETWEEN_CHATS):
        return {}
    live = live_hashtags(now)
    return {
        c.hashtag: read_since(client, sink, c, ledger.BETWEEN_CHATS, now, floor=now - SEARCH_WINDOW)
        for c in with_newest_archived().exclude(hashtag__in=live)
    }


def read_since(client: tweepy.Client, sink, community: Community, purpose: str, now: datetime, floor: datetime) -> int:
    """Everything on the community's hashtag newer than the newest tweet seen (and than
    `floor`), page by page into the buffer. `community` carries newest_id/newest_at
    (backfill.with_newest_archived)."""
    state = SearchPoll.objects.filter(pk=community.pk).first() or SearchPoll(community=community)
    until = now - SETTLE
    if floor >= until:
        return 0
    params: dict = {"query": f"#{community.hashtag}", "max_results": 100, "end_time": until, **FIELDS}
    known = [
        (tweet_id, at)
        for tweet_id, at in ((state.newest_id, state.newest_at), (community.newest_id, community.newest_at))
        if tweet_id and at and at >= floor
    ]
    if known:
        params["since_id"] = max(known)[0]
    else:
        params["start_time"] = floor
    pages, newest = 0, None
    try:
        with ledger.reading_for(purpose):
            for page in tweepy.Paginator(client.search_recent_tweets, **params):
                body = page.json()
                if not (body.get("meta") or {}).get("result_count"):
                    continue
                sink.append([page.content], source="search")
                pages += 1
                newest = newest or body["data"][0]  # X answers newest first
    except (tweepy.TweepyException, requests.RequestException) as exc:
        log.warning("polling #%s failed: %s", community.hashtag, exc)
        state.error = f"{type(exc).__name__}: {exc}"[:300]
        state.save()
        return pages
    if newest is not None:
        state.newest_id = int(newest["id"])
        state.newest_at = parse_datetime(newest["created_at"])
    state.polled_at, state.pages, state.error = now, pages, ""
    state.save()
    return pages


@dataclass
class PollStatus:
    hashtag: str
    polled_at: datetime | None
    live: bool
    error: str
    gap: bool  # in chat hours and not polled for three intervals, or the last poll failed


def poll_status(now: datetime) -> list[PollStatus]:
    """Per community: the last poll and whether a gap is opening, for the status page."""
    live = live_hashtags(now)
    late = now - timedelta(seconds=3 * settings.X_POLL_EVERY)
    rows = Community.objects.values_list("hashtag", "search_poll__polled_at", "search_poll__error")
    return [
        PollStatus(tag, at, tag in live, error or "", bool(error) or (tag in live and (at is None or at < late)))
        for tag, at, error in rows
    ]
