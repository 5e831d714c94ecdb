"""Which members an archive, follow-graph or chat change touches, so an incremental update
recomputes them and no one else. All set-based: a handful of indexed queries per change."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from django.db import connection

from chats.models import ChatTweet, Tweetchat
from tweets.models import Account, FollowEdge, Tweet, TweetMention, TweetTombstone
from tweets.sql import in_ids

from . import metrics
from .models import Interaction

ACCOUNT = Account._meta.db_table
TWEET = Tweet._meta.db_table
MENTION = TweetMention._meta.db_table


def members_of_accounts(account_ids: Collection[int]) -> set[int]:
    """The user ids of the registered members among these accounts."""
    if not account_ids:
        return set()
    rows = _rows(f"SELECT member_id FROM {ACCOUNT} WHERE member_id IS NOT NULL AND {{ids}}", "id", account_ids)
    return {member for (member,) in rows}


def authors_of(tweet_ids: Collection[int]) -> set[int]:
    """The authors of these archived tweets (those a batch deleted: their tweet badges must be
    re-read)."""
    if not tweet_ids:
        return set()
    return {author for (author,) in _rows(f"SELECT DISTINCT author_id FROM {TWEET} WHERE {{ids}}", "id", tweet_ids)}


def with_deletions(account_ids: Collection[int], tweet_ids: Collection[int]) -> set[int]:
    """For a caller that does not say which tweets the batch deleted (`authors_of` when it
    does): the accounts among `account_ids` whose archived tweets may have lost some: every
    account the signal names without a new tweet of theirs in the batch (deletion notices are
    the only other reason to be named), and authors of new tweets whose tweets were also deleted
    since the batch was written (a tombstone received, or the whole account deleted)."""
    if not account_ids:
        return set()
    new = _rows(f"SELECT author_id, archived_at FROM {TWEET} WHERE {{ids}}", "id", tweet_ids) if tweet_ids else []
    authors = {author for author, _ in new}
    suspects = set(account_ids) - authors
    if not authors:
        return suspects
    # The batch's own deletions are stamped after its tweets were written; a minute of margin
    # for clocks. Catching a deletion of another batch costs a re-read, never a wrong count.
    since = min(metrics.as_datetime(at) for _, at in new) - timedelta(minutes=1)
    tombstoned = list(TweetTombstone.objects.filter(received_at__gte=since).values_list("tweet_id", flat=True))
    if tombstoned:
        suspects |= set(
            Tweet.objects.filter(id__in=tombstoned, author_id__in=list(authors)).values_list("author_id", flat=True)
        )
    suspects |= set(
        Account.objects.filter(id__in=list(authors), deleted_at__isnull=False).values_list("id", flat=True)
    )
    return suspects


def by_follows(account_ids: Collection[int]) -> set[int]:
    """Members touched when these accounts' follow edges were replaced: their own members and
    the members at the other end of their edges now. (An edge that was removed leaves no trace
    here: the sender should name both ends, and the nightly recompute catches the rest.)"""
    if not account_ids:
        return set()
    ids = list(account_ids)
    ends = set(FollowEdge.objects.filter(follower_id__in=ids).values_list("followee_id", flat=True))
    ends |= set(FollowEdge.objects.filter(followee_id__in=ids).values_list("follower_id", flat=True))
    return members_of_accounts(set(ids) | ends)


def of_tweets(account_ids: Collection[int], tweet_ids: Collection[int]) -> set[int]:
    """The members whose dashboards these tweets change: their authors, and the members they
    reply to, quote, retweet or mention (the "them → you" side of Engagement)."""
    accounts = set(account_ids)
    if tweet_ids:
        referenced = _rows(
            f"SELECT replied_to_author_id, quoted_author_id, retweeted_author_id FROM {TWEET} WHERE {{ids}}",
            "id",
            tweet_ids,
        )
        accounts.update(a for row in referenced for a in row if a)
        accounts.update(m for (m,) in _rows(f"SELECT mentioned_id FROM {MENTION} WHERE {{ids}}", "tweet_id", tweet_ids))
    return members_of_accounts(accounts)


def everyone() -> set[int]:
    """Every registered member (after a full recompute)."""
    return set(Account.objects.filter(member__isnull=False).values_list("member_id", flat=True))


def by_chats(chat_ids: Collection[int]) -> set[int]:
    """Members touched when these chats changed (status, hosts, attribution): hosts and
    everyone who tweeted in them."""
    if not chat_ids:
        return set()
    ids = list(chat_ids)
    accounts = set(Tweetchat.hosts.through.objects.filter(tweetchat_id__in=ids).values_list("account_id", flat=True))
    accounts |= set(ChatTweet.objects.filter(chat_id__in=ids).values_list("author_id", flat=True).distinct())
    return members_of_accounts(accounts)


def related_to(account_ids: Collection[int]) -> dict[str, set[int]]:
    """Registered members whose Engagement, Followers or Following involve these accounts, by
    badge: who engaged with them, whom they follow, who follows them."""
    ids = list(account_ids)
    if not ids:
        return {}
    engaged = Interaction.objects.filter(partner_id__in=ids).values_list("author_id", flat=True).distinct()
    followed = FollowEdge.objects.filter(follower_id__in=ids).values_list("followee_id", flat=True)
    following = FollowEdge.objects.filter(followee_id__in=ids).values_list("follower_id", flat=True)
    return {
        "engagement": members_of_accounts(set(engaged)),
        "followers": members_of_accounts(set(followed)),
        "following": members_of_accounts(set(following)),
    }


def _rows(sql: str, column: str, ids: Collection[int]) -> list[tuple]:
    """Run `sql` with {ids} replaced by `column IN ids` bound as one parameter (an array on
    PostgreSQL): a batch's thousand ids cost one short statement, not a thousand parameters."""
    where, params = in_ids(column, ids)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=where), params)
        return cursor.fetchall()
