"""The signal the archive sends; apps above it (chats, badges) connect to it directly.

    tweets_archived(account_ids: list[int], tweet_ids: list[int], deleted_ids: list[int])
        Sent on commit of an archived batch. `tweet_ids` are the tweets newly archived,
        `deleted_ids` the tweets the batch deleted (a deletion notice, a user deleted or
        suspended), `account_ids` the authors of both. Receivers read committed rows.

    archive_consent_changed(account_ids: list[int])
        Sent on commit when people opted out of the archive (or back in): cached pages that
        may name them must be made again.
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction

tweets_archived = django.dispatch.Signal()
archive_consent_changed = django.dispatch.Signal()


def send_tweets_archived(account_ids: Iterable[int], tweet_ids: Iterable[int], deleted_ids: Iterable[int] = ()) -> None:
    accounts, new, deleted = sorted(set(account_ids)), sorted(set(tweet_ids)), sorted(set(deleted_ids))
    transaction.on_commit(
        lambda: tweets_archived.send(
            sender="tweets.archive", account_ids=accounts, tweet_ids=new, deleted_ids=deleted
        )
    )
