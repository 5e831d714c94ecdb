"""Signals the members app sends. Higher apps (badges, dashboards, suggestions) connect to them
in their AppConfig.ready(); members never imports them.

    follow_graph_changed(account_ids: list[int])
        Sent on commit when the follow edges of these X accounts (registered members whose
        followers and followings were read) were replaced.

    member_data_deleted(member_id: int)
        Sent when a member asks us to delete their data, inside the transaction that deletes
        ours and before it does, so that their X account and follow edges can still be read:
        receivers delete what they hold for that site user (awards, shares, word clouds,
        posts, comments, CPD records, cached pages) in the same transaction, so the deletion
        is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction

follow_graph_changed = django.dispatch.Signal()
member_data_deleted = django.dispatch.Signal()


def send_follow_graph_changed(account_ids: Iterable[int]) -> None:
    ids = sorted(set(account_ids))
    transaction.on_commit(lambda: follow_graph_changed.send(sender="members", account_ids=ids))
