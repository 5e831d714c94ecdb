"""Receivers that start a new dashboard generation for the members whose dashboards a change
touches, and forget what a member asked us to delete. Connected in `DashboardsConfig.ready()`;
each works out the members in a few indexed queries and bumps them in one cache round trip."""

from __future__ import annotations

import logging
from collections.abc import Collection

from django.db import transaction

from badges import touched
from tweets.models import Account, Tweet, TweetMention

from . import generations
from .models import Share, WordCloud

log = logging.getLogger(__name__)


def _after_commit(work) -> None:
    def run() -> None:
        try:
            work()
        except Exception:
            # A missed bump only delays fresh numbers until the aggregates expire; it must
            # never fail the archive batch or the blog action that caused it.
            log.exception("dashboard generation bump failed")

    transaction.on_commit(run)


def members_of_tweets(account_ids: Collection[int], tweet_ids: Collection[int]) -> set[int]:
    """The members whose dashboards these tweets change: their authors, and the members they
    reply to, quote, retweet or mention (the "them → you" side of Engagement)."""
    accounts = set(account_ids)
    ids = list(tweet_ids)
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        for row in Tweet.objects.filter(id__in=chunk).values_list(
            "replied_to_author_id", "quoted_author_id", "retweeted_author_id"
        ):
            accounts.update(a for a in row if a)
        accounts.update(TweetMention.objects.filter(tweet_id__in=chunk).values_list("mentioned_id", flat=True))
    return touched.members_of_accounts(accounts)


def on_tweets_archived(sender, account_ids=(), tweet_ids=(), **kwargs) -> None:
    _after_commit(lambda: generations.bump(members_of_tweets(account_ids, tweet_ids)))


def on_follow_graph_changed(sender, account_ids=(), **kwargs) -> None:
    _after_commit(lambda: generations.bump(touched.by_follows(account_ids)))


def on_blog_changed(sender, member_ids=(), **kwargs) -> None:
    if member_ids:
        generations.bump(member_ids)


def on_chat_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _after_commit(lambda: generations.bump(touched.by_chats([instance.pk])))


def on_chats_changed(sender, chat_ids=(), **kwargs) -> None:
    _after_commit(lambda: generations.bump(touched.by_chats(chat_ids)))


def on_hosts_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        chat_ids = sorted(pk_set or ()) if reverse else [instance.pk]
        _after_commit(lambda: generations.bump(touched.by_chats(chat_ids)))


def on_member_data_deleted(sender, member_id=None, **kwargs) -> None:
    """The member asked us to delete their data: their shares and clouds go at once (their
    public page with them), and every cache entry about them, or that lists them (the follow
    dashboards of members at the other end of their follow edges, read now: members/privacy.py
    sends this before it deletes the edges). Again after commit, for pages cached meanwhile."""
    if member_id is None:
        return
    Share.objects.filter(member_id=member_id).delete()
    WordCloud.objects.filter(member_id=member_id).delete()
    accounts = list(Account.objects.filter(member_id=member_id).values_list("id", flat=True))
    members = touched.by_follows(accounts) | {member_id}
    generations.forget(members)
    transaction.on_commit(lambda: generations.forget(members))
