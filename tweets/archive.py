"""Writing parsed records into the archive, idempotently, in one transaction per batch.

Importing the same payload twice adds nothing: tweets are keyed by X's id and a known id is never
written again; a profile replaces the stored one only when it is newer; a deletion leaves a
tombstone so the tweet never comes back. On PostgreSQL new tweets and their hashtag and mention
rows travel by binary COPY straight into their tables (the fastest safe way, docs/performance.md),
accounts by one upsert (`tweets.sql`); on SQLite by multi-row INSERT.

Where the time goes on PostgreSQL (bench/import.py, server CPU per tweet): the index entries of
the tweet and its hashtag and mention rows, then the deferred check of each tweet's foreign key
to its author at commit; the raw payload itself is cheap. Hashtag and mention rows have no
foreign-key constraint in the database (their checks were a quarter of the server's time,
docs/performance.md): this module writes them only for tweets it inserted in the same
transaction, and apply_deletions removes them with their tweet's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import sql
from .models import Account, DeadLetter, Tweet, TweetHashtag, TweetMention, TweetTombstone
from .payloads import AccountRecord, DeletionRecord, Parsed, TweetRecord
from .signals import send_tweets_archived


@dataclass
class Counts:
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    dead_lettered: int = 0
    deleted: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def __str__(self) -> str:
        return (
            f"{self.new} new, {self.duplicate} duplicate, {self.updated} profiles updated, "
            f"{self.deleted} deleted, {self.dead_lettered} dead-lettered"
        )


@dataclass(slots=True)
class DeadLetterRecord:
    raw: str
    reason: str
    source: str
    line: int | None = None
    offset: int | None = None


TWEET_TABLE = Tweet._meta.db_table
ACCOUNT_TABLE = Account._meta.db_table
TOMBSTONE_TABLE = TweetTombstone._meta.db_table
TWEET_COLUMNS = [
    "id", "author_id", "created_at", "text", "kind", "lang", "conversation_id",
    "replied_to_id", "replied_to_author_id", "quoted_id", "quoted_author_id",
    "retweeted_id", "retweeted_author_id", "raw", "archived_at",
]
ACCOUNT_COLUMNS = [
    "id", "handle", "name", "bio", "avatar_url", "followers_count", "following_count",
    "protected", "profile_at",
]
HASHTAG_COLUMNS = ["tweet_id", "tag", "author_id", "created_at"]
MENTION_COLUMNS = ["tweet_id", "mentioned_id", "handle", "author_id", "created_at"]

# A stored profile is replaced by a newer one, and a bare row (an author we knew only by id) by
# any profile; a deleted account keeps nothing new. The same rule decides in Python which rows
# to send and in SQL what a concurrent writer may already have changed.
ACCOUNT_CONFLICT = (
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ACCOUNT_COLUMNS if c != "id")
    + f" WHERE {ACCOUNT_TABLE}.deleted_at IS NULL AND excluded.handle <> '' AND ({ACCOUNT_TABLE}.handle = ''"
    f" OR (excluded.profile_at IS NOT NULL AND ({ACCOUNT_TABLE}.profile_at IS NULL"
    f" OR excluded.profile_at > {ACCOUNT_TABLE}.profile_at)))"
)


def write(
    parsed: Parsed, source: str = "", dead_letters: Sequence[DeadLetterRecord] = (), *, durable: bool = True
) -> Counts:
    """Archive one batch: accounts, tweets with hashtags and mentions, deletions, dead letters.
    One transaction, so a batch is archived whole or not at all and a retry is harmless.

    `durable=False` lets PostgreSQL confirm the commit before its WAL reaches the disk. Only
    for callers that can replay the batch (a file import, run again, adds nothing twice): a
    crash may lose the last fraction of a second of commits, never corrupt anything."""
    letters = [*dead_letters, *(DeadLetterRecord(r.raw, r.reason, source) for r in parsed.rejects)]
    counts = Counts()
    with transaction.atomic():
        if not durable and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        tweets = _unique_tweets(parsed.tweets)
        accounts = _newest_accounts(parsed.accounts, tweets)
        held = _held_accounts(list(accounts))
        known, tombstoned = _known_tweets([t.id for t in tweets])
        # Tweets deleted before they reached us, or whose author is gone, stay out.
        tweets = [
            t for t in tweets if t.id not in tombstoned and (t.author_id not in held or not held[t.author_id].deleted)
        ]
        counts.updated = _upsert_accounts(accounts, held)
        new_tweets = _insert_tweets(tweets, known)
        counts.new = len(new_tweets)
        counts.duplicate = len(tweets) - counts.new
        _insert_children(new_tweets)
        deleted = apply_deletions(parsed.deletions)
        counts.deleted = len(deleted)
        if letters:
            _insert_dead_letters(letters)
        counts.dead_lettered = len(letters)
        touched = {t.author_id for t in new_tweets} | set(deleted.values())
        if touched:
            # Rows derived from a deleted tweet outside this app (chat attributions, badge
            # items) are the receivers' to remove: the archive knows nothing above it.
            send_tweets_archived(touched, [t.id for t in new_tweets], list(deleted))
    return counts


def _unique_tweets(tweets: Iterable[TweetRecord]) -> list[TweetRecord]:
    unique: dict[int, TweetRecord] = {}
    for tweet in tweets:
        unique.setdefault(tweet.id, tweet)
    return list(unique.values())


def _known_tweets(ids: list[int]) -> tuple[set[int], set[int]]:
    """Of these tweet ids: those archived already, and those with a tombstone. One round trip."""
    if not ids:
        return set(), set()
    archived, params = sql.in_ids("id", ids)
    tombstoned, _ = sql.in_ids("tweet_id", ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, 0 FROM {TWEET_TABLE} WHERE {archived} UNION ALL "
            f"SELECT tweet_id, 1 FROM {TOMBSTONE_TABLE} WHERE {tombstoned}",
            params * 2,
        )
        rows = cursor.fetchall()
    return {i for i, gone in rows if not gone}, {i for i, gone in rows if gone}


# ---------------------------------------------------------------- accounts


def _newest_accounts(accounts: Sequence[AccountRecord], tweets: Sequence[TweetRecord]) -> dict[int, AccountRecord]:
    """The newest profile of each account in the batch; authors we only know by id get a bare
    record, so that their tweets have a row to point to."""
    newest: dict[int, AccountRecord] = {}
    for account in accounts:
        held = newest.get(account.id)
        # A profile replaces a bare record, or an older one. (Inline: this loop sees every user of the batch.)
        if held is None or (
            account.handle
            and (not held.handle or (account.profile_at is not None
                                     and (held.profile_at is None or account.profile_at > held.profile_at)))
        ):
            newest[account.id] = account
    for tweet in tweets:
        if tweet.author_id not in newest:
            newest[tweet.author_id] = AccountRecord(id=tweet.author_id)
    return newest


class _Held(NamedTuple):
    handle: str
    name: str
    bio: str
    avatar_url: str
    protected: bool
    profile_ms: int | None  # profile_at in epoch milliseconds: integers load far faster than datetimes
    deleted: bool


def _held_accounts(ids: list[int]) -> dict[int, _Held]:
    """What we hold of these accounts, to decide which profiles are worth writing."""
    if not ids:
        return {}
    if connection.vendor != "postgresql":
        rows = Account.objects.filter(id__in=ids).values_list(
            "id", "handle", "name", "bio", "avatar_url", "protected", "profile_at", "deleted_at"
        )
        return {row[0]: _Held(*row[1:6], _ms(row[6]), row[7] is not None) for row in rows}
    among, params = sql.in_ids("id", ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, handle, name, bio, avatar_url, protected, "
            "(extract(epoch FROM profile_at) * 1000)::bigint, deleted_at IS NOT NULL "
            f"FROM {ACCOUNT_TABLE} WHERE {among}",
            params,
        )
        return {row[0]: _Held(*row[1:]) for row in cursor.fetchall()}


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else round(moment.timestamp() * 1000)


def _upsert_accounts(accounts: dict[int, AccountRecord], held: dict[int, _Held]) -> int:
    """Insert unknown accounts and replace stored profiles with newer ones; returns how many
    stored profiles changed. Rows that would change nothing are never sent: most authors in a
    stream batch are archived already with the same or a newer profile."""
    send = []
    for account_id in sorted(accounts):  # one lock order for all writers: no deadlocks
        account = accounts[account_id]
        if account_id not in held or _worth_writing(account, held[account_id]):
            send.append(account)
    if not send:
        return 0
    rows = [
        (a.id, a.handle[:50], a.name[:100], a.bio, a.avatar_url[:500], a.followers_count, a.following_count,
         a.protected, a.profile_at)
        for a in send
    ]
    changed = sql.upsert(Account, ACCOUNT_COLUMNS, rows, ACCOUNT_CONFLICT, returning="id")
    return len(changed.intersection(held))


# An active member's profile comes with each of their tweets, its counts a little different
# each time. Rewriting the row for that alone would cost a row version per tweet; a profile
# whose visible fields are unchanged is refreshed at most this often.
PROFILE_REFRESH_MS = 24 * 3600 * 1000


def _worth_writing(account: AccountRecord, held: _Held) -> bool:
    if held.deleted or account.is_bare:
        return False
    if not held.handle:
        return True  # a bare row: any profile fills it
    at = _ms(account.profile_at)
    if at is None or (held.profile_ms is not None and at <= held.profile_ms):
        return False
    visible = (account.handle[:50], account.name[:100], account.bio, account.avatar_url[:500], account.protected)
    if visible != (held.handle, held.name, held.bio, held.avatar_url, held.protected):
        return True
    return held.profile_ms is None or at - held.profile_ms >= PROFILE_REFRESH_MS


# ---------------------------------------------------------------- tweets


def _tweet_rows(tweets: Sequence[TweetRecord]) -> list[tuple]:
    now = timezone.now()
    return [
        (
            t.id, t.author_id, t.created_at, t.text, t.kind, t.lang[:10], t.conversation_id,
            t.replied_to_id, t.replied_to_author_id, t.quoted_id, t.quoted_author_id,
            t.retweeted_id, t.retweeted_author_id, t.raw, now,
        )
        for t in tweets
    ]


def _insert_tweets(tweets: Sequence[TweetRecord], known: set[int]) -> list[TweetRecord]:
    """Insert the tweets not yet archived (`known`: ids seen archived); returns those this call
    inserted."""
    fresh = [t for t in tweets if t.id not in known]
    if not fresh:
        return []
    if connection.vendor == "postgresql":
        try:
            # COPY straight into the table: no staging copy of the raw payload, no conflict
            # handling. Only a concurrent writer archiving the same tweet since our SELECT can
            # make it fail; then the savepoint rolls back and the upsert below sorts it out.
            with transaction.atomic():
                sql.insert(Tweet, TWEET_COLUMNS, _tweet_rows(fresh))
            return fresh
        except IntegrityError:
            pass
    inserted = sql.upsert(Tweet, TWEET_COLUMNS, _tweet_rows(fresh), "ON CONFLICT (id) DO NOTHING", returning="id")
    return [t for t in fresh if t.id in inserted]


def _insert_children(tweets: Sequence[TweetRecord]) -> None:
    """Hashtag and mention rows of tweets this transaction inserted: nobody else can have
    written rows for them, and payloads gives each tag and mention once per tweet."""
    hashtag_rows = [(t.id, tag, t.author_id, t.created_at) for t in tweets for tag in _fitting_tags(t.hashtags)]
    mention_rows = [
        (t.id, mentioned_id, handle[:50], t.author_id, t.created_at)
        for t in tweets
        for mentioned_id, handle in t.mentions
    ]
    if hashtag_rows:
        sql.insert(TweetHashtag, HASHTAG_COLUMNS, hashtag_rows)
    if mention_rows:
        sql.insert(TweetMention, MENTION_COLUMNS, mention_rows)


def _fitting_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    # A tag cut to the column's 140 characters may equal another: keep each once.
    if all(len(tag) <= 140 for tag in tags):
        return tags
    return tuple(dict.fromkeys(tag[:140] for tag in tags))


def _insert_dead_letters(letters: Sequence[DeadLetterRecord]) -> None:
    DeadLetter.objects.bulk_create(
        DeadLetter(
            # PostgreSQL text cannot hold NUL; a dead letter must still be storable.
            raw=d.raw.replace("\x00", "\\u0000"),
            reason=d.reason[:500],
            source=d.source[:500],
            line=d.line,
            offset=d.offset,
        )
        for d in letters
    )


# ---------------------------------------------------------------- deletions


def apply_deletions(deletions: Sequence[DeletionRecord]) -> dict[int, int]:
    """Remove deleted tweets' text and their hashtag and mention rows; remember them as
    tombstones. A deleted (or suspended, or protected) user loses their profile text and all
    their tweets. Returns tweet id → author id of the archived tweets newly marked deleted."""
    if not deletions:
        return {}
    now = timezone.now()
    tombstones = _tombstone(deletions, now)
    user_ids = _delete_users({d.user_id for d in deletions if d.user_id is not None}, now)
    doomed = Tweet.objects.none()
    if tombstones:
        doomed = doomed | Tweet.objects.filter(id__in=tombstones)
    if user_ids:
        doomed = doomed | Tweet.objects.filter(author_id__in=user_ids)
    deleted = dict(doomed.filter(deleted_at__isnull=True).values_list("id", "author_id"))
    if deleted:
        ids = list(deleted)
        Tweet.objects.filter(id__in=ids).update(deleted_at=now, text="", raw="")
        TweetHashtag.objects.filter(tweet_id__in=ids).delete()
        TweetMention.objects.filter(tweet_id__in=ids).delete()
    return deleted


def _tombstone(deletions: Sequence[DeletionRecord], now: datetime) -> list[int]:
    """Tombstones for the deleted tweets, so they never come back; returns their ids."""
    tombstones: dict[int, DeletionRecord] = {}
    for deletion in deletions:
        if deletion.tweet_id is not None:
            tombstones.setdefault(deletion.tweet_id, deletion)
    TweetTombstone.objects.bulk_create(
        [
            TweetTombstone(tweet_id=tid, author_id=d.author_id, reason=d.reason[:50], received_at=now)
            for tid, d in tombstones.items()
        ],
        ignore_conflicts=True,
    )
    return list(tombstones)


def _delete_users(user_ids: set[int], now: datetime) -> list[int]:
    if user_ids:
        # A user we have not seen yet gets a bare, deleted row: their tweets must not come in later.
        Account.objects.bulk_create(
            [Account(id=uid, handle="", deleted_at=now) for uid in user_ids], ignore_conflicts=True
        )
        Account.objects.filter(id__in=user_ids, deleted_at__isnull=True).update(
            deleted_at=now, name="", bio="", avatar_url=""
        )
    return list(user_ids)
