"""The metric behind each badge, for all registered members at once (or a given set of them).

One SQL statement per badge. Each badge describes its countable *items* — a member's chats
hosted, chats joined, community-hashtag tweets, (tweet, partner) interactions, follow edges,
comments, posts — as rows of (member, time, key, key2); one shared wrapper numbers every
member's items in time order with a window function and returns the count together with the
time of the item that reached each threshold. So a single pass gives both the value and the
honest `reached_at` of every level. DENSE_RANK numbers *distinct* items, so an item reached by
two routes (a reply that also mentions the person it replies to; a tweet with two community
hashtags) counts once without a DISTINCT pass over the rows.

For the badges that tweets move (Hashtags, Engagement, Chats), `new_items` lists the items
that a batch of newly archived tweets adds, so `badges.awarding` can move a member's value on
by the batch alone instead of re-reading their whole history.

Rules that hold for every metric:
- A member is a site user linked to an X account (`Account.member`); values are per user.
- A *community member* is an account with a tweet carrying a community hashtag. The metrics read
  them from `CommunityMember`, and engagements from `Interaction`: narrow tables that
  `badges.derived` keeps equal to the archive (a full refresh rebuilds them; every archived batch
  updates them for its tweets and authors).
- Deleted tweets lose their hashtag and mention rows in `tweets.archive.apply_deletions`, their
  chat rows in the chats receiver of `tweets_archived` (its `deleted_ids`) and their
  interactions in `badges.derived`, so only visible tweets count.
- Declined or unpublished blog posts, and hidden comments, never count.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.apps import apps
from django.db import connection
from django.utils.dateparse import parse_datetime

from chats.models import ChatTweet, Tweetchat
from tweets.models import Account, Community, FollowEdge, TweetHashtag
from tweets.sql import ids_table, in_ids

from . import definitions
from .definitions import Badge, Slug
from .models import CommunityMember, Interaction

# Badges whose items come from tweets: a batch of new tweets can move them on incrementally.
TWEET_BADGES = (Slug.HASHTAGS.value, Slug.ENGAGEMENT.value, Slug.CHATS.value)

Item = tuple[datetime, int, int]  # (time, key, key2): the order in which a member's items count


@dataclass
class Measure:
    """One member's value of one badge, when each threshold it reached was crossed, and the
    time of the last item counted."""

    value: int = 0
    crossed_at: dict[int, datetime] = field(default_factory=dict)
    last_at: datetime | None = None


def measure(badge: Badge | str, members: Collection[int] | None = None) -> dict[int, Measure]:
    """member id → Measure for every registered member with at least one item (members with
    none are absent: their value is 0). `members` restricts the query to those user ids."""
    badge = definitions.get(badge) if isinstance(badge, str) else badge
    if members is not None and not members:
        return {}
    built = ITEMS[Slug(badge.slug)](_tags_sql())
    if built is None:  # the blog is not installed
        return {}
    ctes, select = built
    scope, params = _member_scope("a.member_id", members)
    ctes, select = ctes.format(scope=scope, batch=""), select.format(scope=scope, batch="")
    thresholds = ", ".join(str(int(t)) for t in badge.thresholds)
    sql = f"""
        WITH {ctes + ',' if ctes else ''}
        items AS ({select}),
        ranked AS (
            SELECT member_id, at, DENSE_RANK() OVER (PARTITION BY member_id ORDER BY at, k, k2) AS rn
            FROM items
        ),
        counted AS (SELECT member_id, at, rn, MAX(rn) OVER (PARTITION BY member_id) AS n FROM ranked)
        SELECT member_id, n, rn, at FROM counted WHERE rn = n OR rn IN ({thresholds})
    """
    result: dict[int, Measure] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for member_id, n, rn, at in cursor.fetchall():
            entry = result.setdefault(member_id, Measure(value=n))
            at = as_datetime(at)
            if rn == n:
                entry.last_at = at
            if rn in badge.thresholds:
                entry.crossed_at[rn] = at
    return result


def values(badge: Badge | str, members: Collection[int] | None = None) -> dict[int, int]:
    """member id → value, for members with a non-zero value."""
    return {member: m.value for member, m in measure(badge, members).items()}


def new_items(badge: Badge | str, tweet_ids: Collection[int]) -> dict[int, list[Item]]:
    """member id → the items these newly archived tweets add to a tweet badge, distinct and in
    counting order. For Chats, a chat is new only if the member had no earlier tweet in it."""
    badge = definitions.get(badge) if isinstance(badge, str) else badge
    if badge.slug not in TWEET_BADGES or not tweet_ids:
        return {}
    ctes, select = ITEMS[Slug(badge.slug)](_tags_sql())
    batch, params = _member_scope(BATCH_COLUMN[badge.slug], tweet_ids)
    ctes, select = ctes.format(scope="", batch=batch), select.format(scope="", batch=batch)
    if badge.slug == Slug.CHATS.value:
        earlier, more = in_ids("earlier.tweet_id", tweet_ids)
        select += f"""
            AND NOT EXISTS (
                SELECT 1 FROM {CHAT_TWEET} earlier
                WHERE earlier.chat_id = ct.chat_id AND earlier.author_id = ct.author_id AND NOT {earlier}
            )"""
        params += more
    sql = f"WITH {ctes + ',' if ctes else ''} items AS ({select}) SELECT DISTINCT member_id, at, k, k2 FROM items"
    found: dict[int, set[Item]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for member_id, at, k, k2 in cursor.fetchall():
            found.setdefault(member_id, set()).add((as_datetime(at), k, k2))
    return {member: sorted(items) for member, items in found.items()}


def registered_members(members: Collection[int] | None = None) -> list[int]:
    """The user ids of registered members (linked to an X account), optionally among `members`."""
    qs = Account.objects.filter(member__isnull=False)
    if members is not None:
        qs = qs.filter(member__in=list(members))
    return sorted(qs.values_list("member_id", flat=True))


def community_members(account_ids: Collection[int] | None = None) -> set[int]:
    """The community members according to the archive (not the stored copy), or those among
    `account_ids`."""
    params: list = []
    tags = _tags_sql()
    if account_ids is None:
        sql = f"SELECT DISTINCT author_id FROM {HASHTAG} WHERE tag IN ({tags})"
    elif not account_ids:
        return set()
    else:
        # One probe of the index hashtag_author_tag per account, stopping at its first
        # community tweet; the tags spelt out make the probe an index condition.
        ids, params = ids_table(account_ids)
        sql = f"""
            SELECT ids.id FROM {ids}
            WHERE EXISTS (SELECT 1 FROM {HASHTAG} ch WHERE ch.author_id = ids.id AND ch.tag IN ({tags}))
        """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


# ---------------------------------------------------------------- the items of each badge
# Each returns (extra CTEs, SELECT member_id, at, k, k2 …) with {scope} where the member filter
# goes (on `a`, the member's tweets.Account) and, for tweet badges, {batch} where a filter on
# newly archived tweet ids goes.

ACCOUNT = Account._meta.db_table
HASHTAG = TweetHashtag._meta.db_table
EDGE = FollowEdge._meta.db_table
CHAT = Tweetchat._meta.db_table
CHAT_TWEET = ChatTweet._meta.db_table
HOSTS = Tweetchat.hosts.through._meta.db_table
COMMUNITY_MEMBER = CommunityMember._meta.db_table
INTERACTION = Interaction._meta.db_table
ATTRIBUTED = (Tweetchat.Status.SCHEDULED.value, Tweetchat.Status.ARCHIVED.value)
BATCH_COLUMN = {Slug.HASHTAGS.value: "h.tweet_id", Slug.ENGAGEMENT.value: "i.tweet_id", Slug.CHATS.value: "ct.tweet_id"}


def is_community(column: str) -> str:
    return f"{column} IN (SELECT cm.account_id FROM {COMMUNITY_MEMBER} cm)"


def _chat_host(tags: str) -> tuple[str, str]:
    # An archived chat counts from its start: the moment the member hosted it.
    return "", f"""
        SELECT a.member_id AS member_id, c.start AS at, c.id AS k, 0 AS k2
        FROM {HOSTS} h
        JOIN {ACCOUNT} a ON a.id = h.account_id
        JOIN {CHAT} c ON c.id = h.tweetchat_id
        WHERE c.status = '{Tweetchat.Status.ARCHIVED.value}' AND a.member_id IS NOT NULL {{scope}}
    """


def _chats(tags: str) -> tuple[str, str]:
    # ChatTweet holds the attribution (hashtag + window with grace, chats.attribution); a chat counts
    # once however many tweets the member wrote in it, from its start.
    return "", f"""
        SELECT a.member_id AS member_id, c.start AS at, c.id AS k, 0 AS k2
        FROM {CHAT_TWEET} ct
        JOIN {ACCOUNT} a ON a.id = ct.author_id
        JOIN {CHAT} c ON c.id = ct.chat_id
        WHERE c.status IN ('{ATTRIBUTED[0]}', '{ATTRIBUTED[1]}') AND a.member_id IS NOT NULL {{scope}} {{batch}}
    """


def _hashtags(tags: str) -> tuple[str, str]:
    return "", f"""
        SELECT a.member_id AS member_id, h.created_at AS at, h.tweet_id AS k, 0 AS k2
        FROM {HASHTAG} h
        JOIN {ACCOUNT} a ON a.id = h.author_id
        WHERE h.tag IN ({tags}) AND a.member_id IS NOT NULL {{scope}} {{batch}}
    """


def _engagement(tags: str) -> tuple[str, str]:
    # Interaction holds one row per tweet and partner (badges.derived); k, k2 are that pair.
    return "", f"""
        SELECT a.member_id AS member_id, i.created_at AS at, i.tweet_id AS k, i.partner_id AS k2
        FROM {INTERACTION} i
        JOIN {ACCOUNT} a ON a.id = i.author_id
        WHERE a.member_id IS NOT NULL {{scope}} {{batch}} AND {is_community("i.partner_id")}
    """


def _follow(member_end: str, other_end: str, tags: str) -> tuple[str, str]:
    # X does not date a follow: an edge counts from when we first read it.
    return "", f"""
        SELECT a.member_id AS member_id, e.read_at AS at, e.id AS k, 0 AS k2
        FROM {EDGE} e
        JOIN {ACCOUNT} a ON a.id = e.{member_end}_id
        WHERE a.member_id IS NOT NULL {{scope}}
          AND e.{other_end}_id <> e.{member_end}_id
          AND {is_community(f"e.{other_end}_id")}
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


def _blog_comment(tags: str) -> tuple[str, str] | None:
    models = _blog_models()
    if models is None:
        return None
    post, comment = models
    return "", f"""
        SELECT a.member_id AS member_id, cm.created_at AS at, cm.id AS k, 0 AS k2
        FROM {comment._meta.db_table} cm
        JOIN {post._meta.db_table} p ON p.id = cm.post_id
        JOIN {ACCOUNT} a ON a.member_id = cm.author_id
        WHERE p.status = '{post.Status.PUBLISHED.value}' AND cm.hidden_at IS NULL {{scope}}
    """


def _weblog(tags: str) -> tuple[str, str] | None:
    models = _blog_models()
    if models is None:
        return None
    post, _ = models
    return "", f"""
        SELECT a.member_id AS member_id, p.published_at AS at, p.id AS k, 0 AS k2
        FROM {post._meta.db_table} p
        JOIN {ACCOUNT} a ON a.member_id = p.author_id
        WHERE p.status = '{post.Status.PUBLISHED.value}' AND p.published_at IS NOT NULL {{scope}}
    """


ITEMS = {
    Slug.CHAT_HOST: _chat_host,
    Slug.CHATS: _chats,
    Slug.HASHTAGS: _hashtags,
    Slug.ENGAGEMENT: _engagement,
    Slug.FOLLOWERS: lambda tags: _follow("followee", "follower", tags),
    Slug.FOLLOWING: lambda tags: _follow("follower", "followee", tags),
    Slug.BLOG_COMMENT: _blog_comment,
    Slug.WEBLOG: _weblog,
}


# ---------------------------------------------------------------- helpers


def _member_scope(column: str, ids: Collection[int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    sql, params = in_ids(column, ids)
    return f"AND {sql}", params


def _tags_sql() -> str:
    """The community hashtags as a list of SQL string literals (NULL when there are none):
    spelt out, the planner knows how selective they are. Hashtags are admin data, lower case
    without '#'; quotes are doubled all the same."""
    tags = sorted(Community.objects.values_list("hashtag", flat=True))
    return ", ".join("'" + tag.replace("'", "''") + "'" for tag in tags) or "NULL"


def as_datetime(value) -> datetime:
    # SQLite hands back the stored text (naive UTC) from a window query; PostgreSQL a datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
