"""Every registered member's suggested CPD entries, worked out from the archive for all members
(or a given set of them) in one INSERT … SELECT and one DELETE, whatever their number.

A member took part in a chat when one of their visible tweets is attributed to it (ChatTweet);
only archived chats count. For each (member, chat) one statement works out:
- the first and last tweet (the entry's time, see `rules.chat_minutes`), own tweets, retweets,
  replies to others;
- `replied_by`: replies by other people, in the same chat, to the member's own tweets;
- `partners`: the distinct people they talked with — replied to, mentioned, or were replied to
  by. A retweet's copied mentions ("RT @someone: …") are not talking to anyone, so a member who
  only retweeted has no partners and their entry is not participatory.

Rows are upserted, and written only when a figure changed: during a live chat every archived
batch refreshes its participants, and rewriting each one's hundreds of unchanged rows every few
seconds would only bloat the table. Then the members' rows for chats they no longer have a
visible tweet in (deleted tweets, an unlinked X account) are deleted. The member's own
decisions live in `Entry`, never here: rewriting this table loses nothing of theirs.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from chats.models import ChatTweet, Tweetchat
from tweets.models import Account, Tweet, TweetMention

from .models import Participation, Profile

# Members per statement: keeps the IN list well inside SQLite's bound-parameter limit.
CHUNK = 5_000

SQL = """
WITH mine AS (
    SELECT a.member_id, ct.chat_id, ct.author_id, t.id AS tweet_id, t.created_at, t.kind,
           t.replied_to_author_id
    FROM {account} a
    JOIN {chattweet} ct ON ct.author_id = a.id
    JOIN {tweet} t ON t.id = ct.tweet_id AND t.deleted_at IS NULL
    JOIN {chat} c ON c.id = ct.chat_id AND c.status = '{archived}'
    WHERE a.member_id IS NOT NULL AND a.deleted_at IS NULL {scope}
),
replies_in AS (
    SELECT m.member_id, m.chat_id, r.id AS reply_id, r.author_id AS other
    FROM mine m
    JOIN {tweet} r ON r.replied_to_id = m.tweet_id AND r.deleted_at IS NULL AND r.author_id <> m.author_id
    JOIN {chattweet} rc ON rc.chat_id = m.chat_id AND rc.tweet_id = r.id
    WHERE m.kind <> '{retweet}'
),
partner AS (
    SELECT member_id, chat_id, replied_to_author_id AS other FROM mine
    WHERE kind <> '{retweet}' AND replied_to_author_id <> author_id
    UNION
    SELECT m.member_id, m.chat_id, x.mentioned_id FROM mine m
    JOIN {mention} x ON x.tweet_id = m.tweet_id
    WHERE m.kind <> '{retweet}' AND x.mentioned_id <> m.author_id
    UNION
    SELECT member_id, chat_id, other FROM replies_in
),
own AS (
    SELECT member_id, chat_id, MIN(author_id) AS account_id, MIN(created_at) AS first_at,
           MAX(created_at) AS last_at,
           SUM(CASE WHEN kind <> '{retweet}' THEN 1 ELSE 0 END) AS tweets,
           SUM(CASE WHEN kind = '{retweet}' THEN 1 ELSE 0 END) AS retweets,
           SUM(CASE WHEN kind <> '{retweet}' AND replied_to_author_id <> author_id THEN 1 ELSE 0 END) AS replies
    FROM mine GROUP BY member_id, chat_id
),
got AS (SELECT member_id, chat_id, COUNT(*) AS n FROM replies_in GROUP BY member_id, chat_id),
people AS (SELECT member_id, chat_id, COUNT(*) AS n FROM partner GROUP BY member_id, chat_id)
INSERT INTO {participation}
    (member_id, chat_id, account_id, first_at, last_at, tweets, retweets, replies, replied_by, partners,
     changed_at)
SELECT o.member_id, o.chat_id, o.account_id, o.first_at, o.last_at, o.tweets, o.retweets, o.replies,
       COALESCE(g.n, 0), COALESCE(p.n, 0), %s
FROM own o
LEFT JOIN got g ON g.member_id = o.member_id AND g.chat_id = o.chat_id
LEFT JOIN people p ON p.member_id = o.member_id AND p.chat_id = o.chat_id
WHERE true
ON CONFLICT (member_id, chat_id) DO UPDATE SET
    account_id = excluded.account_id, first_at = excluded.first_at, last_at = excluded.last_at,
    tweets = excluded.tweets, retweets = excluded.retweets, replies = excluded.replies,
    replied_by = excluded.replied_by, partners = excluded.partners, changed_at = excluded.changed_at
WHERE {participation}.account_id <> excluded.account_id OR {participation}.first_at <> excluded.first_at
    OR {participation}.last_at <> excluded.last_at OR {participation}.tweets <> excluded.tweets
    OR {participation}.retweets <> excluded.retweets OR {participation}.replies <> excluded.replies
    OR {participation}.replied_by <> excluded.replied_by OR {participation}.partners <> excluded.partners
"""


def _statement(scope: str) -> str:
    # `WHERE true` before ON CONFLICT: SQLite otherwise reads ON as a join condition.
    return SQL.format(
        account=Account._meta.db_table,
        chattweet=ChatTweet._meta.db_table,
        tweet=Tweet._meta.db_table,
        chat=Tweetchat._meta.db_table,
        mention=TweetMention._meta.db_table,
        participation=Participation._meta.db_table,
        archived=Tweetchat.Status.ARCHIVED,
        retweet=Tweet.Kind.RETWEET,
        scope=scope,
    )


def _gone(scope: Collection[int] | None):
    """The participations whose member has no visible tweet left in the chat (by the account
    that is still theirs): one probe of the (author, chat) index each."""
    still = ChatTweet.objects.filter(
        chat_id=OuterRef("chat_id"), author_id=OuterRef("account_id"), tweet__deleted_at__isnull=True,
        chat__status=Tweetchat.Status.ARCHIVED,
    )
    linked = Account.objects.filter(id=OuterRef("account_id"), member_id=OuterRef("member_id"), deleted_at__isnull=True)
    rows = Participation.objects.all() if scope is None else Participation.objects.filter(member_id__in=scope)
    return rows.exclude(Exists(still) & Exists(linked))


def refresh(member_ids: Collection[int] | None = None) -> int:
    """Rework the suggestions of these members (site user ids), or of every registered member
    when None. Returns the participations written (new or changed), as far as the database
    tells (SQLite does not count the rows of an INSERT that starts with WITH: -1 there)."""
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    written = 0
    # One transaction: a page read in between sees the old suggestions or the new, never a mix.
    with transaction.atomic():
        if member_ids is None:
            with connection.cursor() as cursor:
                cursor.execute(_statement(""), [stamp])
                written = cursor.rowcount
            _gone(None).delete()
            Profile.objects.update(suggested_at=now)
            return written
        ids = sorted(set(member_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            scope = f"AND a.member_id IN ({', '.join(['%s'] * len(chunk))})"
            with connection.cursor() as cursor:
                cursor.execute(_statement(scope), [*chunk, stamp])
                written += cursor.rowcount
            _gone(chunk).delete()
            Profile.objects.filter(member_id__in=chunk).update(suggested_at=now)
    return written
