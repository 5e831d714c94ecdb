"""The two tables the metrics read besides the archive itself, kept equal to it:

- `CommunityMember`: the accounts with a tweet carrying a community hashtag;
- `Interaction`: one row per visible tweet and other account it engages with.

A full refresh rebuilds both; an archived batch updates them for its new and deleted tweets
and its authors (the incremental path in `badges.updates`). Both are narrow and indexed, so the Engagement, Followers
and Following of a member cost an index range read, never a pass over the wide tweet rows.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection, transaction

from tweets.models import Tweet, TweetMention
from tweets.sql import in_ids

from . import metrics
from .models import CommunityMember, Interaction

TWEET = Tweet._meta.db_table
MENTION = TweetMention._meta.db_table
INTERACTION = Interaction._meta.db_table
COMMUNITY_MEMBER = CommunityMember._meta.db_table


def rebuild(interactions: bool = True) -> None:
    """The community members brought up to date, and the interactions rebuilt from the
    tweets (unless `interactions` is False)."""
    sync_community_members()
    if interactions:
        rebuild_interactions()
    if connection.vendor == "postgresql":
        # Fresh statistics for the queries that follow in the same transaction: without them
        # the planner guesses, and guesses badly, for a table it just refilled.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {INTERACTION}, {COMMUNITY_MEMBER}")


def sync_community_members(account_ids: Collection[int] | None = None) -> set[int]:
    """Bring the stored community members up to date (for these accounts, or all) and return
    the accounts whose membership changed."""
    if account_ids is not None and not account_ids:
        return set()
    with transaction.atomic():
        now = metrics.community_members(account_ids)
        was = _held_community_members(account_ids)
        joined, left = now - was, was - now
        if left:
            ids = sorted(left)
            for start in range(0, len(ids), 5_000):
                CommunityMember.objects.filter(account_id__in=ids[start : start + 5_000]).delete()
        if joined:
            CommunityMember.objects.bulk_create(
                [CommunityMember(account_id=a) for a in sorted(joined)], batch_size=5_000, ignore_conflicts=True
            )
    return joined | left


def _held_community_members(account_ids: Collection[int] | None) -> set[int]:
    if account_ids is None:
        return set(CommunityMember.objects.values_list("account_id", flat=True))
    # A batch names about a thousand accounts: one array parameter, not a thousand.
    among, params = in_ids("account_id", account_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT account_id FROM {COMMUNITY_MEMBER} WHERE {among}", params)
        return {account for (account,) in cursor.fetchall()}


def rebuild_interactions() -> int:
    with transaction.atomic():
        if connection.vendor != "postgresql":
            Interaction.objects.all().delete()
            return _insert_pairs(None)
        # Refilling an indexed table row by row costs several times building its indexes once
        # afterwards. The pairs are distinct by construction (mentions are distinct per tweet,
        # and each route excludes the partners of the routes before it), so no index is needed
        # while they go in.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {INTERACTION}")
            cursor.execute(f"ALTER TABLE {INTERACTION} DROP CONSTRAINT {INTERACTION}_pkey")
        with connection.schema_editor() as editor:
            for index in Interaction._meta.indexes:
                editor.remove_index(Interaction, index)
        count = _insert_pairs(None, conflict=False)
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {INTERACTION} ADD CONSTRAINT {INTERACTION}_pkey PRIMARY KEY (tweet_id, partner_id)")
        with connection.schema_editor() as editor:
            for index in Interaction._meta.indexes:
                editor.add_index(Interaction, index)
        return count


def add_interactions(tweet_ids: Collection[int]) -> int:
    """The interactions of these newly archived tweets; returns how many rows were new."""
    return _insert_pairs(tweet_ids) if tweet_ids else 0


def drop_interactions(tweet_ids: Collection[int]) -> int:
    """Remove the interactions of these tweets (those a batch deleted): a probe of the primary
    key per tweet, whatever the authors' histories."""
    if not tweet_ids:
        return 0
    tweets, params = in_ids("tweet_id", tweet_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {INTERACTION} WHERE {tweets}", params)
        return max(cursor.rowcount, 0)


def drop_deleted_interactions(account_ids: Collection[int]) -> int:
    """Remove the interactions of these accounts' tweets that have since been deleted. Reads
    every interaction of every account named: only for callers that cannot say which tweets
    were deleted (`drop_interactions` when they can)."""
    if not account_ids:
        return 0
    authors, params = in_ids("i.author_id", account_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            DELETE FROM {INTERACTION} WHERE (tweet_id, partner_id) IN (
                SELECT i.tweet_id, i.partner_id FROM {INTERACTION} i JOIN {TWEET} t ON t.id = i.tweet_id
                WHERE {authors} AND t.deleted_at IS NOT NULL
            )
            """,
            params,
        )
        return max(cursor.rowcount, 0)


def _insert_pairs(tweet_ids: Collection[int] | None, conflict: bool = True) -> int:
    # Per tweet and partner: the routes a partner can be reached by (reply, quote, mention,
    # retweet) collapse into one row through the primary key. A retweet engages with the author
    # of the original only: its mentions are the original's ("RT @author: … @someone"). X names
    # the original as the retweeted tweet; when a payload did not say whose it was and the archive
    # holds it, its author (or, if it is itself a retweet, the original's) is the partner.
    batch, params = ("", []) if tweet_ids is None else in_ids("t.id", tweet_ids)
    # The CTEs sit inside the INSERT's SELECT and the SELECT has a WHERE clause: the one form
    # both PostgreSQL and SQLite read, ON CONFLICT included.
    sql = f"""
        INSERT INTO {INTERACTION} (tweet_id, partner_id, author_id, created_at)
        WITH src AS (
            SELECT t.id, t.author_id, t.created_at, t.kind, t.replied_to_author_id, t.quoted_author_id,
                   t.retweeted_id, t.retweeted_author_id
            FROM {TWEET} t
            WHERE t.deleted_at IS NULL {'AND ' + batch if batch else ''}
        ),
        pairs AS (
            SELECT id, author_id, created_at, replied_to_author_id AS partner
            FROM src WHERE kind <> 'retweet' AND replied_to_author_id IS NOT NULL
            UNION ALL
            SELECT id, author_id, created_at, quoted_author_id
            FROM src WHERE kind <> 'retweet' AND quoted_author_id IS NOT NULL
              AND quoted_author_id <> COALESCE(replied_to_author_id, -1)
            UNION ALL
            SELECT s.id, s.author_id, s.created_at, tm.mentioned_id
            FROM src s JOIN {MENTION} tm ON tm.tweet_id = s.id
            WHERE s.kind <> 'retweet'
              AND tm.mentioned_id <> COALESCE(s.replied_to_author_id, -1)
              AND tm.mentioned_id <> COALESCE(s.quoted_author_id, -1)
            UNION ALL
            SELECT id, author_id, created_at,
                   COALESCE(retweeted_author_id,
                            (SELECT COALESCE(o.retweeted_author_id, o.author_id) FROM {TWEET} o WHERE o.id = src.retweeted_id))
            FROM src WHERE kind = 'retweet'
        )
        SELECT id, partner, author_id, created_at FROM pairs
        WHERE partner IS NOT NULL AND partner <> author_id
        {'ON CONFLICT (tweet_id, partner_id) DO NOTHING' if conflict else ''}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
