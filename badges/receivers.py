"""Receivers that keep badges up to date: each enqueues a task on commit (the senders already
send on commit; the second on_commit makes a receiver safe inside any caller's transaction).
Connected in `BadgesConfig.ready()`."""

from __future__ import annotations

import logging
from collections.abc import Callable

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


def on_tweets_archived(sender, account_ids=(), tweet_ids=(), **kwargs) -> None:
    if account_ids:
        _enqueue(tasks.update_for_tweets, sorted(set(account_ids)), sorted(set(tweet_ids)))


def on_follow_graph_changed(sender, account_ids=(), **kwargs) -> None:
    if account_ids:
        _enqueue(tasks.update_for_follows, sorted(set(account_ids)))


def on_blog_changed(sender, member_ids=(), **kwargs) -> None:
    members = sorted(set(member_ids))
    if members:
        _enqueue(tasks.update_members, members, ["blog-comment", "weblog"])


def on_chats_changed(sender, chat_ids=(), **kwargs) -> None:
    if chat_ids:
        _enqueue(tasks.update_for_chats, sorted(set(chat_ids)))


def on_chat_saved(sender, instance, raw=False, **kwargs) -> None:
    # Status (archived, declined) decides whether a chat counts for Chat Host and Chats.
    if not raw:
        _enqueue(tasks.update_for_chats, [instance.pk])


def on_hosts_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # account.hosted_chats.add(chat…): instance is an account, pk_set chats
        _enqueue(tasks.update_for_chats, sorted(pk_set or ()))
        return
    if action == "pre_clear":
        # After the clear the hosts are gone: name them now.
        pk_set = set(instance.hosts.values_list("pk", flat=True))
    from . import touched

    members = touched.members_of_accounts(pk_set or ())
    if members:
        _enqueue(tasks.update_members, sorted(members), ["chat-host"])


def on_member_data_deleted(sender, **kwargs) -> None:
    """The member asked us to delete their data: their awards and values go at once."""
    member_id = _member_id(kwargs)
    if member_id is not None:
        awarding.forget(member_id)


def _member_id(kwargs: dict) -> int | None:
    for key in ("member_id", "user_id"):
        if kwargs.get(key) is not None:
            return int(kwargs[key])
    for key in ("member", "user"):
        if kwargs.get(key) is not None:
            return int(getattr(kwargs[key], "pk", kwargs[key]))
    return None


def connect_optional(module: str, name: str, receiver: Callable, uid: str) -> bool:
    """Connect to a signal of another app if it exists (apps written alongside this one may not
    have it yet); returns whether it did."""
    from importlib import import_module

    try:
        signal = getattr(import_module(module), name)
    except (ImportError, AttributeError):
        log.debug("no signal %s.%s to connect to", module, name)
        return False
    signal.connect(receiver, dispatch_uid=uid)
    return True
