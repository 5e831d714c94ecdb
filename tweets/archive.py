"""Writing parsed records into the archive, idempotently, in one transaction per batch.

Importing the same payload twice adds nothing: tweets are keyed by X's id and inserted with
ON CONFLICT DO NOTHING; a profile replaces the stored one only when it is newer; a deletion
leaves a tombstone so the tweet never comes back. On PostgreSQL the rows travel by COPY into
temporary staging tables (the fastest safe way, PERFORMANCE.md); elsewhere by multi-row INSERT.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Account, ChatTweet, DeadLetter, Tweet, TweetHashtag, TweetMention, TweetTombstone
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


TWEET_COLUMNS = [
    "id", "author_id", "created_at", "text", "kind", "lang", "conversation_id",
    "replied_to_id", "replied_to_author_id", "quoted_id", "quoted_author_id",
    "retweeted_id", "retweeted_author_id", "raw", "archived_at",
]
ACCOUNT_COLUMNS = [
    "id", "handle", "name", "bio", "avatar_url", "followers_count", "following_count",
    "protected", "profile_at",
]
ACCOUNT_UPDATES = [c for c in ACCOUNT_COLUMNS if c != "id"]


def write(parsed: Parsed, source: str = "", dead_letters: Sequence[DeadLetterRecord] = ()) -> Counts:
    """Archive one batch: accounts, tweets with hashtags and mentions, deletions, dead letters."""
    letters = [*dead_letters, *(DeadLetterRecord(r.raw, r.reason, source) for r in parsed.rejects)]
    counts = Counts()
    with transaction.atomic():
        tweets = _unique_tweets(parsed.tweets)
        tweets = _without_tombstoned(tweets)
        counts.updated = _upsert_accounts(parsed.accounts, tweets)
        new_ids = _insert_tweets(tweets)
        counts.new = len(new_ids)
        counts.duplicate = len(tweets) - counts.new
        new_tweets = [t for t in tweets if t.id in new_ids]
        _insert_children(new_tweets)
        deleted_authors: set[int] = set()
        counts.deleted = apply_deletions(parsed.deletions, deleted_authors)
        if letters:
            DeadLetter.objects.bulk_create(
                DeadLetter(raw=d.raw, reason=d.reason[:500], source=d.source[:500], line=d.line, offset=d.offset)
                for d in letters
            )
        counts.dead_lettered = len(letters)
        touched = {t.author_id for t in new_tweets} | deleted_authors
        if touched:
            send_tweets_archived(sorted(touched), sorted(new_ids))
    return counts


def _unique_tweets(tweets: Iterable[TweetRecord]) -> list[TweetRecord]:
    unique: dict[int, TweetRecord] = {}
    for tweet in tweets:
        unique.setdefault(tweet.id, tweet)
    return list(unique.values())


def _without_tombstoned(tweets: list[TweetRecord]) -> list[TweetRecord]:
    if not tweets:
        return tweets
    ids = [t.id for t in tweets]
    gone = set(TweetTombstone.objects.filter(tweet_id__in=ids).values_list("tweet_id", flat=True))
    authors = {t.author_id for t in tweets}
    gone_authors = set(
        Account.objects.filter(id__in=authors, deleted_at__isnull=False).values_list("id", flat=True)
    )
    return [t for t in tweets if t.id not in gone and t.author_id not in gone_authors]


# ---------------------------------------------------------------- accounts


def _upsert_accounts(accounts: Sequence[AccountRecord], tweets: Sequence[TweetRecord]) -> int:
    """Insert unknown accounts and replace stored profiles with newer ones. Returns how many
    stored profiles changed. Authors we only know by id get a bare row for the foreign key."""
    newest: dict[int, AccountRecord] = {}
    for account in accounts:
        held = newest.get(account.id)
        if held is None or _newer(account.profile_at, held.profile_at):
            newest[account.id] = account
    for tweet in tweets:
        newest.setdefault(tweet.author_id, AccountRecord(id=tweet.author_id))
    if not newest:
        return 0
    known = set(Account.objects.filter(id__in=list(newest)).values_list("id", flat=True))
    rows = [tuple(getattr(a, c) for c in ACCOUNT_COLUMNS) for a in newest.values()]
    assignments = ", ".join(f"{c} = excluded.{c}" for c in ACCOUNT_UPDATES)
    table = Account._meta.db_table
    # A bare id (profile_at NULL) never overwrites; a dated profile replaces an older or bare one.
    conflict = (
        f"ON CONFLICT (id) DO UPDATE SET {assignments} "
        f"WHERE excluded.profile_at IS NOT NULL AND ({table}.profile_at IS NULL "
        f"OR excluded.profile_at > {table}.profile_at)"
    )
    changed = _insert_returning(table, ACCOUNT_COLUMNS, rows, conflict)
    return len(changed & known)


def _newer(candidate: datetime | None, held: datetime | None) -> bool:
    return candidate is not None and (held is None or candidate > held)


# ---------------------------------------------------------------- tweets


def _insert_tweets(tweets: Sequence[TweetRecord]) -> set[int]:
    if not tweets:
        return set()
    now = timezone.now()
    rows = [
        (
            t.id, t.author_id, t.created_at, t.text, t.kind, t.lang, t.conversation_id,
            t.replied_to_id, t.replied_to_author_id, t.quoted_id, t.quoted_author_id,
            t.retweeted_id, t.retweeted_author_id, t.raw, now,
        )
        for t in tweets
    ]
    return _insert_returning(Tweet._meta.db_table, TWEET_COLUMNS, rows, "ON CONFLICT (id) DO NOTHING")


def _insert_children(tweets: Sequence[TweetRecord]) -> None:
    hashtag_rows = [(t.id, tag, t.author_id, t.created_at) for t in tweets for tag in t.hashtags]
    mention_rows = [
        (t.id, mentioned_id, handle[:50], t.author_id, t.created_at)
        for t in tweets
        for mentioned_id, handle in t.mentions
    ]
    if hashtag_rows:
        _insert(TweetHashtag._meta.db_table, ["tweet_id", "tag", "author_id", "created_at"], hashtag_rows)
    if mention_rows:
        _insert(
            TweetMention._meta.db_table,
            ["tweet_id", "mentioned_id", "handle", "author_id", "created_at"],
            mention_rows,
        )


# ---------------------------------------------------------------- deletions


def apply_deletions(deletions: Sequence[DeletionRecord], touched_authors: set[int] | None = None) -> int:
    """Remove deleted tweets' text and drop them from counts; remember them as tombstones.
    Returns how many archived tweets were newly marked deleted."""
    if not deletions:
        return 0
    now = timezone.now()
    tweet_ids = {d.tweet_id for d in deletions if d.tweet_id is not None}
    user_ids = {d.user_id for d in deletions if d.user_id is not None}
    reasons = {d.tweet_id: d.reason for d in deletions if d.tweet_id is not None}
    TweetTombstone.objects.bulk_create(
        [TweetTombstone(tweet_id=tid, reason=reasons[tid][:50], received_at=now) for tid in tweet_ids],
        ignore_conflicts=True,
    )
    if user_ids:
        Account.objects.filter(id__in=user_ids, deleted_at__isnull=True).update(deleted_at=now)
    doomed = Tweet.objects.filter(deleted_at__isnull=True).filter(
        _id_in("id", tweet_ids) | _id_in("author_id", user_ids)
    )
    ids_authors = list(doomed.values_list("id", "author_id"))
    if not ids_authors:
        return 0
    ids = [i for i, _ in ids_authors]
    if touched_authors is not None:
        touched_authors.update(a for _, a in ids_authors)
    Tweet.objects.filter(id__in=ids).update(deleted_at=now, text="", raw="")
    TweetHashtag.objects.filter(tweet_id__in=ids).delete()
    TweetMention.objects.filter(tweet_id__in=ids).delete()
    ChatTweet.objects.filter(tweet_id__in=ids).delete()
    return len(ids)


def _id_in(field: str, ids: set[int]) -> Q:
    return Q(**{f"{field}__in": list(ids)}) if ids else Q(pk__in=[])


# ---------------------------------------------------------------- SQL transport


def _insert_returning(table: str, columns: list[str], rows: list[tuple], conflict: str) -> set[int]:
    """INSERT rows … {conflict} RETURNING id; the ids that were inserted or updated."""
    if connection.vendor == "postgresql":
        return _copy_insert(table, columns, rows, conflict, returning=True)
    returned: set[int] = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, max(1, 900 // len(columns))):
            cursor.execute(_values_sql(table, columns, len(chunk)) + f" {conflict} RETURNING id", _flat(chunk))
            returned.update(row[0] for row in cursor.fetchall())
    return returned


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    conflict = "ON CONFLICT DO NOTHING"
    if connection.vendor == "postgresql":
        _copy_insert(table, columns, rows, conflict, returning=False)
        return
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, max(1, 900 // len(columns))):
            cursor.execute(_values_sql(table, columns, len(chunk)) + f" {conflict}", _flat(chunk))


def _copy_insert(table: str, columns: list[str], rows: list[tuple], conflict: str, returning: bool) -> set[int]:
    # COPY into a per-connection temporary table, then one INSERT … SELECT with the conflict rule.
    stage = f"stage_{table}"
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        # Only the columns we write, without constraints: the target table enforces them.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA")
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        sql = f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {conflict}"
        if not returning:
            cursor.execute(sql)
            return set()
        cursor.execute(sql + " RETURNING id")
        return {row[0] for row in cursor.fetchall()}


def _values_sql(table: str, columns: list[str], count: int) -> str:
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([row] * count)


def _flat(rows: Sequence[tuple]) -> list:
    return [value for row in rows for value in row]


def _chunks(rows: Sequence[tuple], size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
