"""Chat attribution and the chat lifecycle.

A tweet belongs to a chat when it carries the chat's hashtag and was written inside the chat's
window: start − 15 minutes to end + 15 minutes, both ends included. Attribution is set-based: a
single INSERT … SELECT reads the windows of up to 200 chats from the narrow hashtag table (index
`hashtag_tag_time`), so a batch of a thousand tweets or a backfill of every chat costs one
statement per chunk of chats, never one per tweet.

Runs after each archived batch (receiver connected in `ChatsConfig.ready`), when a chat ends
(`close_finished_chats`, every few minutes from Celery beat, and in `attribute_chats`), and when a
past chat is approved.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from tweets.models import Tweet, TweetHashtag

from .models import ChatTweet, Tweetchat
from .signals import send_chats_changed

log = logging.getLogger(__name__)

# Statuses whose chats collect tweets: a proposal collects nothing until it is approved.
ATTRIBUTED = (Tweetchat.Status.SCHEDULED, Tweetchat.Status.ARCHIVED)
# Keeps each statement under SQLite's limits: 500 branches of a UNION ALL, 32,766 bound
# parameters (4 per window + the batch's tweet ids).
WINDOWS_PER_STATEMENT = 200
MICROSECOND = timedelta(microseconds=1)
TWEET_IDS_PER_STATEMENT = 2_000


def attribute(chats: Iterable[Tweetchat], tweet_ids: Sequence[int] | None = None) -> int:
    """Attribute to `chats` every visible tweet inside their windows (only `tweet_ids`, if given).
    Idempotent: returns how many attributions were new."""
    # The upper bound travels as "before end + grace + 1 µs": the same as "at or before end +
    # grace" at the databases' microsecond resolution. Bounds are adapted as the ORM adapts
    # them (naive UTC text on SQLite), since these parameters bypass the ORM.
    adapt = connection.ops.adapt_datetimefield_value
    windows = [
        (chat.pk, chat.community.hashtag, adapt(chat.window[0]), adapt(chat.window[1] + MICROSECOND))
        for chat in chats
    ]
    if not windows:
        return 0
    added = 0
    id_chunks: list[Sequence[int] | None] = [None]
    if tweet_ids is not None:
        id_chunks = [
            tweet_ids[i : i + TWEET_IDS_PER_STATEMENT] for i in range(0, len(tweet_ids), TWEET_IDS_PER_STATEMENT)
        ]
    for start in range(0, len(windows), WINDOWS_PER_STATEMENT):
        for ids in id_chunks:
            added += _insert_attributions(windows[start : start + WINDOWS_PER_STATEMENT], ids)
    return added


def _insert_attributions(
    windows: Sequence[tuple[int, str, datetime, datetime]], tweet_ids: Sequence[int] | None
) -> int:
    # One branch per window, joined by UNION ALL: each branch is a range scan of the index
    # `hashtag_tag_time` with constant bounds. (A VALUES table of windows joined to the hashtags
    # reads the same rows, but PostgreSQL cannot see its bounds when planning and hashes every
    # row of the tag instead: 4-6 times slower in bench/chats.py.)
    branch = (
        f"SELECT %s AS chat_id, h.tweet_id, h.author_id FROM {TweetHashtag._meta.db_table} h "
        "WHERE h.tag = %s AND h.created_at >= %s AND h.created_at < %s"
    )
    params: list = [value for window in windows for value in window]
    only_batch = ""
    if tweet_ids is not None:
        only_batch = f"AND w.tweet_id IN ({', '.join(['%s'] * len(tweet_ids))})"
        params.extend(tweet_ids)
    # Deleted tweets lose their hashtag rows in archive.apply_deletions; the join on tweet is the
    # second guard, so a deletion racing with attribution can never put a deleted tweet back.
    # The WHERE clause is there for SQLite, which otherwise reads ON CONFLICT as part of the join.
    sql = f"""
        INSERT INTO {ChatTweet._meta.db_table} (chat_id, tweet_id, author_id)
        SELECT w.chat_id, w.tweet_id, w.author_id
        FROM ({" UNION ALL ".join([branch] * len(windows))}) w
        JOIN {Tweet._meta.db_table} t ON t.id = w.tweet_id AND t.deleted_at IS NULL
        WHERE 1 = 1 {only_batch}
        ON CONFLICT (chat_id, tweet_id) DO NOTHING
    """
    if connection.vendor == "sqlite":
        params = [_sqlite_value(p) for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _sqlite_value(value):
    # Datetimes are compared as text on SQLite: send them in the exact text form Django
    # stores (naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]") so the boundaries compare correctly.
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def attribute_batch(tweet_ids: Sequence[int]) -> int:
    """Attribute a newly archived batch: read the batch's (tag, time) pairs, keep the chats whose
    windows hold at least one of them, then one INSERT … SELECT restricted to the batch. A live
    batch touches a chat or two; an imported one may touch hundreds, and sending only the
    windows that matter keeps the statement small either way."""
    if not tweet_ids:
        return 0
    times: dict[str, list[datetime]] = defaultdict(list)
    for tag, created_at in TweetHashtag.objects.filter(tweet_id__in=tweet_ids).values_list("tag", "created_at"):
        times[tag].append(created_at)
    if not times:
        return 0
    for moments in times.values():
        moments.sort()
    first = min(m[0] for m in times.values())
    last = max(m[-1] for m in times.values())
    candidates = Tweetchat.objects.filter(
        status__in=ATTRIBUTED,
        community__hashtag__in=list(times),
        start__lte=last + Tweetchat.GRACE,
        end__gte=first - Tweetchat.GRACE,
    ).select_related("community")
    touched = [chat for chat in candidates if _holds_any(chat, times[chat.community.hashtag])]
    return attribute(touched, list(tweet_ids))


def _holds_any(chat: Tweetchat, moments: list[datetime]) -> bool:
    lo, hi = chat.window
    at = bisect_left(moments, lo)
    return at < len(moments) and moments[at] <= hi


def attribute_all() -> int:
    """Attribute every scheduled and archived chat (a backfill, or a repair after an import)."""
    chats = Tweetchat.objects.filter(status__in=ATTRIBUTED).select_related("community").order_by("start")
    return attribute(chats.iterator(chunk_size=WINDOWS_PER_STATEMENT))


def close_finished_chats(now: datetime | None = None) -> int:
    """Give every scheduled chat whose window has passed a last attribution, then archive it.
    Safe with any number of workers: each chat is locked and flipped by one of them, which
    announces it (its host's Chat Host badge moves on at once)."""
    now = now or timezone.now()
    finished = list(
        Tweetchat.objects.filter(status=Tweetchat.Status.SCHEDULED, end__lt=now - Tweetchat.GRACE).select_related(
            "community"
        )
    )
    if not finished:
        return 0
    with transaction.atomic():
        attribute(finished)
        closing = list(
            Tweetchat.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[c.pk for c in finished], status=Tweetchat.Status.SCHEDULED)
            .values_list("pk", flat=True)
        )
        Tweetchat.objects.filter(pk__in=closing).update(status=Tweetchat.Status.ARCHIVED)
        send_chats_changed(closing)
        return len(closing)


def on_tweets_archived(sender, tweet_ids: Sequence[int] = (), deleted_ids: Sequence[int] = (), **kwargs) -> None:
    """Receiver of `tweets_archived` (sent on commit of a batch): deleted tweets leave their
    chats, new ones join theirs."""
    if deleted_ids:
        ChatTweet.objects.filter(tweet_id__in=list(deleted_ids)).delete()
    try:
        attribute_batch(list(tweet_ids))
    except Exception:
        # The batch is committed and the stream acknowledges it after this returns: a failure
        # here must not make it redeliver. close_finished_chats (every 5 minutes) repairs a chat
        # still running; `manage.py attribute_chats` repairs any.
        log.exception("chat attribution failed for a batch of %d tweets", len(tweet_ids))
