"""Which members an archive, follow-graph or chat change touches, so an incremental update
recomputes them and no one else. All set-based: a handful of indexed queries per change."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from tweets.models import Account, ChatTweet, FollowEdge, Tweet, Tweetchat, TweetMention

from . import metrics
from .models import CommunityMember


def members_of_accounts(account_ids: Collection[int]) -> set[int]:
    """The user ids of the registered members among these accounts."""
    if not account_ids:
        return set()
    return set(
        Account.objects.filter(id__in=list(account_ids), member__isnull=False).values_list("member_id", flat=True)
    )


def by_tweets(account_ids: Collection[int]) -> set[int]:
    """Members touched when these accounts' tweets were archived or deleted: the accounts' own
    members, and — for accounts that became or stopped being community members — the members
    who engage with them or follow or are followed by them."""
    touched = members_of_accounts(account_ids)
    changed = sync_community_members(account_ids)
    if changed:
        touched |= related_to(changed)
    return touched


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


def by_chats(chat_ids: Collection[int]) -> set[int]:
    """Members touched when these chats changed (status, hosts, attribution): hosts and
    everyone who tweeted in them."""
    if not chat_ids:
        return set()
    ids = list(chat_ids)
    accounts = set(Tweetchat.hosts.through.objects.filter(tweetchat_id__in=ids).values_list("account_id", flat=True))
    accounts |= set(ChatTweet.objects.filter(chat_id__in=ids).values_list("author_id", flat=True).distinct())
    return members_of_accounts(accounts)


def related_to(account_ids: Collection[int]) -> set[int]:
    """Registered members whose Engagement, Followers or Following involve these accounts:
    authors of tweets replying to, quoting, retweeting or mentioning them, and both ends of
    their follow edges."""
    ids = list(account_ids)
    authors = set(TweetMention.objects.filter(mentioned_id__in=ids).values_list("author_id", flat=True).distinct())
    for column in ("replied_to_author_id", "quoted_author_id", "retweeted_author_id"):
        authors |= set(
            Tweet.objects.filter(**{f"{column}__in": ids}).values_list("author_id", flat=True).distinct()
        )
    authors |= set(FollowEdge.objects.filter(follower_id__in=ids).values_list("followee_id", flat=True))
    authors |= set(FollowEdge.objects.filter(followee_id__in=ids).values_list("follower_id", flat=True))
    return members_of_accounts(authors)


def sync_community_members(account_ids: Collection[int] | None = None) -> set[int]:
    """Bring the stored community members up to date (for these accounts, or all) and return
    the accounts whose membership changed."""
    if account_ids is not None and not account_ids:
        return set()
    with transaction.atomic():
        now = metrics.community_members(account_ids)
        held = CommunityMember.objects.all()
        if account_ids is not None:
            held = held.filter(account_id__in=list(account_ids))
        was = set(held.values_list("account_id", flat=True))
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
