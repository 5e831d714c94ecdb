"""The metric behind each badge, for all registered members at once (or a given set of them).

One SQL statement per badge. Each badge describes its countable *items* — a member's chats
hosted, chats joined, community-hashtag tweets, (tweet, partner) interactions, follow edges,
comments, posts — as rows of (member, time, tie-breaker); one shared wrapper numbers every
member's items in time order with a window function and returns the count together with the
time of the item that reached each threshold. So a single pass gives both the value and the
honest `reached_at` of every level.

Rules that hold for every metric:
- A member is a site user linked to an X account (`Account.member`); values are per user.
- A *community member* is an account with a tweet carrying a community hashtag. Deleted tweets
  lose their hashtag, mention and chat rows in `tweets.archive.apply_deletions`, so the narrow
  tables only hold visible tweets; queries that read `Tweet` itself test `deleted_at`.
- Declined or unpublished blog posts, and hidden comments, never count.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.apps import apps
from django.db import connection
from django.utils.dateparse import parse_datetime

from tweets.models import (
    Account,
    ChatTweet,
    Community,
    FollowEdge,
    Tweet,
    Tweetchat,
    TweetHashtag,
    TweetMention,
)

from . import definitions
from .definitions import Badge, Slug


@dataclass
class Measure:
    """One member's value of one badge, and when each threshold it reached was crossed."""

    value: int = 0
    crossed_at: dict[int, datetime] = field(default_factory=dict)


def measure(badge: Badge | str, members: Collection[int] | None = None) -> dict[int, Measure]:
    """member id → Measure for every registered member with at least one item (members with
    none are absent: their value is 0). `members` restricts the query to those user ids."""
    badge = definitions.get(badge) if isinstance(badge, str) else badge
    if members is not None and not members:
        return {}
    items = ITEMS[Slug(badge.slug)]()
    if items is None:  # the blog is not installed
        return {}
    ctes, select = items
    scope, params = _member_scope("a.member_id", members)
    # The scope may appear in several CTEs: repeat its parameters for each placeholder.
    params = params * (ctes + select).count("{scope}")
    ctes, select = ctes.format(scope=scope), select.format(scope=scope)
    thresholds = ", ".join(str(int(t)) for t in badge.thresholds)
    sql = f"""
        WITH {ctes + ',' if ctes else ''}
        items AS ({select}),
        ranked AS (
            SELECT member_id, at,
                   ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY at, k) AS rn,
                   COUNT(*) OVER (PARTITION BY member_id) AS n
            FROM items
        )
        SELECT member_id, n, rn, at FROM ranked WHERE rn = 1 OR rn IN ({thresholds})
    """
    result: dict[int, Measure] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for member_id, n, rn, at in cursor.fetchall():
            entry = result.setdefault(member_id, Measure(value=n))
            if rn in badge.thresholds:
                entry.crossed_at[rn] = _as_datetime(at)
    return result


def values(badge: Badge | str, members: Collection[int] | None = None) -> dict[int, int]:
    """member id → value, for members with a non-zero value."""
    return {member: m.value for member, m in measure(badge, members).items()}


def registered_members(members: Collection[int] | None = None) -> list[int]:
    """The user ids of registered members (linked to an X account), optionally among `members`."""
    qs = Account.objects.filter(member__isnull=False)
    if members is not None:
        qs = qs.filter(member__in=list(members))
    return sorted(qs.values_list("member_id", flat=True))


def community_sql() -> str:
    """SELECT of the accounts that are community members (may repeat an account)."""
    return (
        f"SELECT ch.author_id FROM {TweetHashtag._meta.db_table} ch "
        f"WHERE ch.tag IN (SELECT cc.hashtag FROM {Community._meta.db_table} cc)"
    )


def community_members(account_ids: Collection[int] | None = None) -> set[int]:
    """The community members, or those among `account_ids`."""
    params: list = []
    if account_ids is None:
        sql = f"SELECT DISTINCT author_id FROM ({community_sql()}) cm"
    elif not account_ids:
        return set()
    else:
        # One index probe per account (hashtag_author_tag), stopping at its first community tweet.
        ids, params = _id_list(account_ids)
        sql = f"""
            SELECT ids.id FROM {ids}
            WHERE EXISTS (
                SELECT 1 FROM {HASHTAG} ch
                WHERE ch.author_id = ids.id AND ch.tag IN (SELECT cc.hashtag FROM {Community._meta.db_table} cc)
            )
        """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# ---------------------------------------------------------------- the items of each badge
# Each returns (extra CTEs, SELECT member_id, at, k …) with {scope} where the member filter goes,
# applied to an alias `a` of the member's tweets.Account.

ACCOUNT = Account._meta.db_table
TWEET = Tweet._meta.db_table
HASHTAG = TweetHashtag._meta.db_table
MENTION = TweetMention._meta.db_table
EDGE = FollowEdge._meta.db_table
CHAT = Tweetchat._meta.db_table
CHAT_TWEET = ChatTweet._meta.db_table
HOSTS = Tweetchat.hosts.through._meta.db_table
ATTRIBUTED = (Tweetchat.Status.SCHEDULED.value, Tweetchat.Status.ARCHIVED.value)


def _chat_host() -> tuple[str, str]:
    # An archived chat counts from its start: the moment the member hosted it.
    return "", f"""
        SELECT a.member_id AS member_id, c.start AS at, c.id AS k
        FROM {HOSTS} h
        JOIN {ACCOUNT} a ON a.id = h.account_id
        JOIN {CHAT} c ON c.id = h.tweetchat_id
        WHERE c.status = '{Tweetchat.Status.ARCHIVED.value}' AND a.member_id IS NOT NULL {{scope}}
    """


def _chats() -> tuple[str, str]:
    # ChatTweet holds the attribution (hashtag + window with grace, tweets.chats); a chat counts
    # once however many tweets the member wrote in it, from its start.
    return "", f"""
        SELECT DISTINCT a.member_id AS member_id, c.start AS at, c.id AS k
        FROM {CHAT_TWEET} ct
        JOIN {ACCOUNT} a ON a.id = ct.author_id
        JOIN {CHAT} c ON c.id = ct.chat_id
        WHERE c.status IN ('{ATTRIBUTED[0]}', '{ATTRIBUTED[1]}') AND a.member_id IS NOT NULL {{scope}}
    """


def _hashtags() -> tuple[str, str]:
    # A tweet with two community hashtags counts once.
    return "", f"""
        SELECT DISTINCT a.member_id AS member_id, h.created_at AS at, h.tweet_id AS k
        FROM {HASHTAG} h
        JOIN {ACCOUNT} a ON a.id = h.author_id
        WHERE h.tag IN (SELECT cc.hashtag FROM {Community._meta.db_table} cc)
          AND a.member_id IS NOT NULL {{scope}}
    """


def _engagement() -> tuple[str, str]:
    # Per tweet and partner: a reply that also mentions the person it replies to counts once.
    # A retweet engages with the author of the original only: its mentions are the original's
    # ("RT @author: … @someone"), not the retweeter's. X turns a retweet of a retweet into a
    # retweet of the original; should an archived retweet point at another retweet, the
    # original's author is the partner.
    ctes = f"""
        mine AS (
            SELECT t.id, t.author_id, t.created_at, t.kind, t.replied_to_author_id, t.quoted_author_id,
                   t.retweeted_id, t.retweeted_author_id, a.member_id
            FROM {TWEET} t
            JOIN {ACCOUNT} a ON a.id = t.author_id
            WHERE t.deleted_at IS NULL AND a.member_id IS NOT NULL {{scope}}
        ),
        pairs AS (
            SELECT member_id, id, created_at, author_id, replied_to_author_id AS partner
            FROM mine WHERE kind <> 'retweet' AND replied_to_author_id IS NOT NULL
            UNION
            SELECT member_id, id, created_at, author_id, quoted_author_id
            FROM mine WHERE kind <> 'retweet' AND quoted_author_id IS NOT NULL
            UNION
            SELECT m.member_id, m.id, m.created_at, m.author_id, tm.mentioned_id
            FROM mine m JOIN {MENTION} tm ON tm.tweet_id = m.id
            WHERE m.kind <> 'retweet'
            UNION
            SELECT m.member_id, m.id, m.created_at, m.author_id,
                   COALESCE(CASE WHEN o.kind = 'retweet' THEN o.retweeted_author_id END,
                            m.retweeted_author_id, o.author_id)
            FROM mine m LEFT JOIN {TWEET} o ON o.id = m.retweeted_id
            WHERE m.kind = 'retweet'
        )
    """
    return ctes, f"""
        SELECT member_id, created_at AS at, id AS k FROM pairs
        WHERE partner IS NOT NULL AND partner <> author_id AND partner IN ({community_sql()})
    """


def _follow(member_end: str, other_end: str) -> tuple[str, str]:
    # X does not date a follow: an edge counts from when we first read it.
    return "", f"""
        SELECT a.member_id AS member_id, e.read_at AS at, e.id AS k
        FROM {EDGE} e
        JOIN {ACCOUNT} a ON a.id = e.{member_end}_id
        WHERE a.member_id IS NOT NULL {{scope}}
          AND e.{other_end}_id <> e.{member_end}_id
          AND e.{other_end}_id IN ({community_sql()})
    """


def _blog_models():
    """The blog's Post and Comment, or None while the blog app has none (imported lazily:
    badges sits above the blog but must not break without it)."""
    if not apps.is_installed("blog"):
        return None
    try:
        return apps.get_model("blog", "Post"), apps.get_model("blog", "Comment")
    except LookupError:
        return None


def _blog_comment() -> tuple[str, str] | None:
    models = _blog_models()
    if models is None:
        return None
    post, comment = models
    return "", f"""
        SELECT a.member_id AS member_id, cm.created_at AS at, cm.id AS k
        FROM {comment._meta.db_table} cm
        JOIN {post._meta.db_table} p ON p.id = cm.post_id
        JOIN {ACCOUNT} a ON a.member_id = cm.author_id
        WHERE p.status = '{post.Status.PUBLISHED.value}' AND cm.hidden_at IS NULL {{scope}}
    """


def _weblog() -> tuple[str, str] | None:
    models = _blog_models()
    if models is None:
        return None
    post, _ = models
    return "", f"""
        SELECT a.member_id AS member_id, p.published_at AS at, p.id AS k
        FROM {post._meta.db_table} p
        JOIN {ACCOUNT} a ON a.member_id = p.author_id
        WHERE p.status = '{post.Status.PUBLISHED.value}' AND p.published_at IS NOT NULL {{scope}}
    """


ITEMS = {
    Slug.CHAT_HOST: _chat_host,
    Slug.CHATS: _chats,
    Slug.HASHTAGS: _hashtags,
    Slug.ENGAGEMENT: _engagement,
    Slug.FOLLOWERS: lambda: _follow("followee", "follower"),
    Slug.FOLLOWING: lambda: _follow("follower", "followee"),
    Slug.BLOG_COMMENT: _blog_comment,
    Slug.WEBLOG: _weblog,
}


# ---------------------------------------------------------------- helpers


def _member_scope(column: str, ids: Collection[int] | None) -> tuple[str, list]:
    """`AND column IN ids` as one bound parameter whatever the number of ids: an array on
    PostgreSQL, a JSON list on SQLite (so SQLite's parameter limit never applies)."""
    if ids is None:
        return "", []
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return f"AND {column} = ANY(%s::bigint[])", [ids]
    return f"AND {column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def _id_list(ids: Collection[int]) -> tuple[str, list]:
    """A FROM item `ids` with one column `id` holding these ids, as one bound parameter."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return "unnest(%s::bigint[]) AS ids(id)", [ids]
    return "(SELECT value AS id FROM json_each(%s)) AS ids", [json.dumps(ids)]


def _as_datetime(value) -> datetime:
    # SQLite hands back the stored text (naive UTC) from a window query; PostgreSQL a datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
