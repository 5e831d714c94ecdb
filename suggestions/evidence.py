"""The evidence behind suggestions, gathered for a set of viewers (registered members' X
accounts) at once: one SQL statement per signal, each an aggregate over an indexed table, so
a chunk of 500 members costs the same nine statements as one member.

Only what is public or the viewer's own is read: the archive (tweets, interactions, chats,
hashtags, bios), the viewer's own followers and following, and the follow edges of members who
chose to make that list public (they shared their Following or Followers dashboard). Another
member's private follow lists never become a reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from badges import sharing
from badges.metrics import as_datetime, in_ids
from badges.models import Interaction
from chats.models import ChatTweet, Tweetchat
from tweets.models import Account, Community, FollowEdge, Tweet, TweetHashtag

from .models import Topic, suggestible

INTERACTION = Interaction._meta.db_table
TWEET = Tweet._meta.db_table
EDGE = FollowEdge._meta.db_table
CHAT = Tweetchat._meta.db_table
CHAT_TWEET = ChatTweet._meta.db_table
HOSTS = Tweetchat.hosts.through._meta.db_table
HASHTAG = TweetHashtag._meta.db_table
COMMUNITY = Community._meta.db_table
TOPIC = Topic._meta.db_table
ARCHIVED = Tweetchat.Status.ARCHIVED.value
TOP_TERMS = 4  # per pair: enough to name two after dropping words inside a chosen phrase
# Candidates kept per viewer from the signals with a long tail (friends of friends, topics):
# twice what a list stores, so the cut changes a list only where a weak signal would have tipped a
# tie, and it bounds the rows per member (a chunk of 500 returned 520,000 rows without it).
TOP_PER_VIEWER = 60


@dataclass
class Pair:
    """What links one viewer to one candidate."""

    talk_in: int = 0  # the candidate's tweets that reply to, mention, quote or retweet the viewer
    replies_in: int = 0  # of which replies
    talk_out: int = 0  # the viewer's tweets that engage with the candidate
    follows_you: bool = False
    chats: dict[int, int] = field(default_factory=dict)  # community id → chats both were in
    hosted: list[tuple[datetime, str]] = field(default_factory=list)  # chats they hosted, viewer joined
    fof: int = 0  # people the viewer follows who (publicly) follow the candidate
    similarity: float = 0.0
    terms: list[str] = field(default_factory=list)  # the shared topics, heaviest first
    shared_partners: int = 0  # people both talk with


@dataclass
class Evidence:
    pairs: dict[tuple[int, int], Pair]
    following: dict[int, set[int]]  # viewer → accounts they follow (never suggested)


def gather(viewers: Collection[int], different: bool = True) -> Evidence:
    """Every (viewer, candidate) pair with at least one signal, for these viewer accounts."""
    pairs: dict[tuple[int, int], Pair] = defaultdict(Pair)
    for v, c, n, replies in _rows(_TALK_IN, viewers):
        pairs[v, c].talk_in, pairs[v, c].replies_in = n, int(replies or 0)
    for v, c, n in _rows(_TALK_OUT, viewers):
        pairs[v, c].talk_out = n
    following: dict[int, set[int]] = defaultdict(set)
    for v, c, outward in _rows(_OWN_EDGES, viewers, viewers):
        if outward:
            following[v].add(c)
        else:
            pairs[v, c].follows_you = True
    for v, c, community, n in _rows(_SHARED_CHATS, viewers):
        pairs[v, c].chats[community] = n
    for v, c, start, topic in _rows(_HOSTED, viewers):
        pairs[v, c].hosted.append((as_datetime(start), topic))
    public_following, public_followers = _public_lists()
    if public_following or public_followers:
        for v, c, n in _rows(_FOF, viewers, sorted(public_following), sorted(public_followers)):
            pairs[v, c].fof = n
    for v, c, term, total in _rows(_SIMILAR, viewers):
        pair = pairs[v, c]
        pair.similarity = float(total)
        pair.terms.append(term)
    if different:
        for v, c, n in _rows(_SHARED_PARTNERS, viewers):
            pairs[v, c].shared_partners = n
    for v in viewers:
        pairs.pop((v, v), None)
    return Evidence(dict(pairs), following)


@dataclass
class Standing:
    """A candidate's place in the communities: tweets per We, and whether we may suggest it."""

    tweets: dict[int, int]
    suggestible: bool

    @property
    def communities(self) -> set[int]:
        return set(self.tweets)

    @property
    def main(self) -> int | None:
        return max(self.tweets, key=lambda c: (self.tweets[c], -c)) if self.tweets else None

    @property
    def activity(self) -> int:
        return sum(self.tweets.values())


def standings(account_ids: Collection[int]) -> dict[int, Standing]:
    """account → its community tweets per We and whether it is suggestible: two indexed
    queries for any number of accounts (accounts with no community tweet are absent)."""
    if not account_ids:
        return {}
    tweets: dict[int, dict[int, int]] = defaultdict(dict)
    for account, community, n in _rows(_MEMBERSHIP, account_ids):
        tweets[account][community] = n
    ok = (
        set(Account.objects.filter(suggestible(), id__in=list(tweets)).values_list("id", flat=True))
        if tweets
        else set()
    )
    return {a: Standing(t, a in ok) for a, t in tweets.items()}


def _public_lists() -> tuple[set[int], set[int]]:
    """The accounts whose following (and whose followers) their owner made public."""

    def accounts(slug: str) -> set[int]:
        members = sharing.shared_member_ids(slug)
        return set(Account.objects.filter(member_id__in=members).values_list("id", flat=True))

    return accounts("following"), accounts("followers")


class _In:
    """`{idsN:column}` in a statement's text becomes `column IN (these ids)`, its parameters
    appended in the order the placeholders appear."""

    def __init__(self, ids: Collection[int], params: list) -> None:
        self.ids, self.params = ids, params

    def __format__(self, column: str) -> str:
        clause, params = in_ids(column, self.ids)
        self.params.extend(params)
        return clause


def _rows(sql: str, *id_lists: Collection[int]) -> list[tuple]:
    params: list = []
    text = sql.format(**{f"ids{i}": _In(ids, params) for i, ids in enumerate(id_lists)})
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        return cursor.fetchall()


# Interactions come from badges.derived (one row per tweet and partner); the tweet is read only
# to tell replies from other engagement, by primary key.
_TALK_IN = f"""
    SELECT i.partner_id, i.author_id, COUNT(*),
           SUM(CASE WHEN t.kind = 'reply' AND t.replied_to_author_id = i.partner_id THEN 1 ELSE 0 END)
    FROM {INTERACTION} i JOIN {TWEET} t ON t.id = i.tweet_id
    WHERE {{ids0:i.partner_id}}
    GROUP BY i.partner_id, i.author_id
"""
_TALK_OUT = f"""
    SELECT author_id, partner_id, COUNT(*) FROM {INTERACTION}
    WHERE {{ids0:author_id}} GROUP BY author_id, partner_id
"""
# The viewer's own lists: whom they follow (never suggested) and who follows them (a reason).
_OWN_EDGES = f"""
    SELECT follower_id, followee_id, 1 FROM {EDGE} WHERE {{ids0:follower_id}}
    UNION ALL
    SELECT followee_id, follower_id, 0 FROM {EDGE} WHERE {{ids1:followee_id}}
"""
# Distinct (person, chat) first: a chat of a thousand tweets must not multiply the join.
_SHARED_CHATS = f"""
    WITH mine AS (
        SELECT DISTINCT ct.author_id AS v, ct.chat_id FROM {CHAT_TWEET} ct
        JOIN {CHAT} ch ON ch.id = ct.chat_id AND ch.status = '{ARCHIVED}'
        WHERE {{ids0:ct.author_id}}
    ),
    theirs AS (
        SELECT DISTINCT chat_id, author_id AS c FROM {CHAT_TWEET}
        WHERE chat_id IN (SELECT chat_id FROM mine)
    )
    SELECT m.v, t.c, ch.community_id, COUNT(*)
    FROM mine m JOIN theirs t ON t.chat_id = m.chat_id AND t.c <> m.v
    JOIN {CHAT} ch ON ch.id = m.chat_id
    GROUP BY m.v, t.c, ch.community_id
"""
_HOSTED = f"""
    SELECT DISTINCT ct.author_id, h.account_id, ch.start, ch.topic
    FROM {CHAT_TWEET} ct
    JOIN {CHAT} ch ON ch.id = ct.chat_id AND ch.status = '{ARCHIVED}'
    JOIN {HOSTS} h ON h.tweetchat_id = ct.chat_id
    WHERE {{ids0:ct.author_id}} AND h.account_id <> ct.author_id
"""
# Friends of friends: f is someone the viewer follows; f → c counts only when f's following or
# c's followers is a list its owner made public. Only each viewer's TOP_PER_VIEWER by count:
# the long tail of one-friend-in-common pairs is most of the rows and never ranks.
_FOF = f"""
    WITH counted AS (
        SELECT f1.follower_id AS v, f2.followee_id AS c, COUNT(*) AS n
        FROM {EDGE} f1 JOIN {EDGE} f2 ON f2.follower_id = f1.followee_id
        WHERE {{ids0:f1.follower_id}} AND f2.followee_id <> f1.follower_id
          AND ({{ids1:f2.follower_id}} OR {{ids2:f2.followee_id}})
        GROUP BY f1.follower_id, f2.followee_id
    ),
    ranked AS (SELECT v, c, n, ROW_NUMBER() OVER (PARTITION BY v ORDER BY n DESC, c) AS rk FROM counted)
    SELECT v, c, n FROM ranked WHERE rk <= {TOP_PER_VIEWER}
"""
# Shared topics, summed, for each viewer's TOP_PER_VIEWER most similar accounts, with the
# heaviest few topics named, a phrase before a single word of equal weight. Windows only, no
# self-join: SQLite would join the two halves by nested loops (minutes for the demo world).
_SIMILAR = f"""
    WITH shared AS (
        SELECT mine.account_id AS v, theirs.account_id AS c, mine.term, mine.weight
        FROM {TOPIC} mine JOIN {TOPIC} theirs ON theirs.term = mine.term AND theirs.account_id <> mine.account_id
        WHERE {{ids0:mine.account_id}}
    ),
    per_pair AS (
        SELECT v, c, term, SUM(weight) OVER (PARTITION BY v, c) AS total,
               ROW_NUMBER() OVER (PARTITION BY v, c ORDER BY weight DESC, LENGTH(term) DESC, term) AS rn
        FROM shared
    ),
    ranked AS (
        SELECT v, c, term, total, rn, DENSE_RANK() OVER (PARTITION BY v ORDER BY total DESC, c) AS rk
        FROM per_pair WHERE rn <= {TOP_TERMS}
    )
    SELECT v, c, term, total FROM ranked WHERE rk <= {TOP_PER_VIEWER} ORDER BY v, c, rn
"""
# "Talks with the same people": distinct (author, partner) pairs, joined on the partner.
_SHARED_PARTNERS = f"""
    WITH mine AS (
        SELECT DISTINCT author_id AS v, partner_id AS p FROM {INTERACTION} WHERE {{ids0:author_id}}
    ),
    theirs AS (
        SELECT DISTINCT author_id AS c, partner_id AS p FROM {INTERACTION}
        WHERE partner_id IN (SELECT p FROM mine)
    )
    SELECT m.v, t.c, COUNT(*) FROM mine m JOIN theirs t ON t.p = m.p AND t.c <> m.v AND t.c <> m.p
    GROUP BY m.v, t.c HAVING COUNT(*) >= 2
"""
_MEMBERSHIP = f"""
    SELECT h.author_id, c.id, COUNT(*) FROM {HASHTAG} h JOIN {COMMUNITY} c ON c.hashtag = h.tag
    WHERE {{ids0:h.author_id}}
    GROUP BY h.author_id, c.id
"""
