"""Receivers that keep badges up to date: each enqueues a task on commit (the senders already
send on commit; the second on_commit makes a receiver safe inside any caller's transaction).
Connected in `BadgesConfig.ready()`; the tasks send `members_changed` when they are done."""

from __future__ import annotations

import logging

from django.db import transaction

from . import awarding, tasks

log = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            # The archive has committed its batch and must not be redelivered because a badge
            # update failed (or the broker hiccuped): the nightly recompute repairs the badges.
            log.exception("could not run %s", task.name)

    transaction.on_commit(send)


# More deleted tweets than this (an account deleted or suspended with all its tweets) travel as
# None: the task then finds the touched authors' deleted tweets itself instead of carrying every
# id in its message.
MAX_DELETED_IDS_IN_A_MESSAGE = 5_000


def on_tweets_archived(sender, account_ids=(), tweet_ids=(), deleted_ids=(), **kwargs) -> None:
    if account_ids:
        deleted = sorted(set(deleted_ids))
        _enqueue(
            tasks.update_for_tweets,
            sorted(set(account_ids)),
            sorted(set(tweet_ids)),
            deleted if len(deleted) <= MAX_DELETED_IDS_IN_A_MESSAGE else None,
        )


def on_follow_graph_changed(sender, account_ids=(), **kwargs) -> None:
    if account_ids:
        _enqueue(tasks.update_for_follows, sorted(set(account_ids)))


def on_blog_changed(sender, member_ids=(), **kwargs) -> None:
    if member_ids:
        _enqueue(tasks.update_members, sorted(set(member_ids)), ["blog-comment", "weblog"])


def on_chats_changed(sender, chat_ids=(), account_ids=(), **kwargs) -> None:
    if chat_ids or account_ids:
        _enqueue(tasks.update_for_chats, sorted(set(chat_ids)), sorted(set(account_ids)))


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    """The member asked us to delete their data: their awards and values go at once."""
    awarding.forget(member_id)
