"""Signals the archive sends when something badges derive from has changed. Sent on commit,
so receivers (badges, chat attribution) read committed rows."""

from __future__ import annotations

import django.dispatch
from django.db import transaction

# Receivers get account_ids (authors whose tweets changed) and tweet_ids (newly archived).
tweets_archived = django.dispatch.Signal()
# Receivers get account_ids: members whose follow edges were replaced.
follow_graph_changed = django.dispatch.Signal()


def send_tweets_archived(account_ids: list[int], tweet_ids: list[int]) -> None:
    transaction.on_commit(
        lambda: tweets_archived.send(sender="tweets.archive", account_ids=account_ids, tweet_ids=tweet_ids)
    )


def send_follow_graph_changed(account_ids: list[int]) -> None:
    transaction.on_commit(lambda: follow_graph_changed.send(sender="tweets.follow", account_ids=account_ids))
