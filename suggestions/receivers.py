"""Receivers that refresh stored suggestions: each enqueues a task on commit (a second
on_commit makes a receiver safe inside any caller's transaction). Connected in
`SuggestionsConfig.ready()`."""

from __future__ import annotations

import logging

from django.db import transaction

from . import refresh, tasks

log = logging.getLogger(__name__)


def _enqueue(task, ids: list[int]) -> None:
    def send() -> None:
        try:
            task.delay(ids)
        except Exception:
            # The sender's work has committed; the nightly refresh repairs what this missed.
            log.exception("could not enqueue %s", task.name)

    if ids:
        transaction.on_commit(send)


def on_follow_graph_changed(sender, account_ids=(), **kwargs) -> None:
    """A member's graph was read: what they follow leaves their list, who follows them and
    whom they follow now count. Only their own list: other members' reasons change at night."""
    _enqueue(tasks.refresh_accounts, sorted(set(account_ids)))


def on_members_changed(sender, member_ids=(), **kwargs) -> None:
    """Badges worked out that these members' activity changed (tweets, chats): new reasons."""
    _enqueue(tasks.refresh_members, sorted(set(member_ids)))


def on_member_data_deleted(sender, member_id=None, **kwargs) -> None:
    # Inside the deleting transaction: gone with everything else, or not at all.
    if member_id is not None:
        refresh.forget(int(member_id))
