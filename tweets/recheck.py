"""The nightly re-check of recent tweets: X sends no deletion notices on the filtered stream,
so we ask it, 100 ids at a time, about what we archived in the last days. A tweet X no longer
returns becomes a deletion, put through the same buffer as everything else, and the archive
removes its text from every page and keeps a tombstone.

X charges a post looked up again on another day again, so asking about the whole week every
night charged each tweet seven times. Each night asks instead about the tweets of two windows of
age (settings.X_RECHECK_WINDOWS, default the last day and the seventh): nightly runs cover each
tweet exactly twice, soon after it was posted (when most deletions happen) and once more a week
later, and anything deleted in between is still found, only later.

Re-checks are the lowest priority of the monthly X budget (tweets/budget.py): the budget is
asked before every lookup, and a paused re-check stops where it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import orjson
import tweepy
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import budget, ledger
from .models import Tweet

LOOKUP_SIZE = 100  # X's limit per tweet lookup
# What X answers for an id it will not return, and what we record as the reason.
GONE = {
    "https://api.twitter.com/2/problems/resource-not-found": "deleted",
    "https://api.twitter.com/2/problems/not-authorized-for-resource": "protected",
    "https://api.twitter.com/2/problems/resource-unavailable": "unavailable",
}


def recheck_recent(
    client: tweepy.Client, sink, windows: list[tuple[int, int]] | None = None, now: datetime | None = None,
) -> tuple[int, int]:
    """Ask about the visible tweets whose age in days falls in one of `windows` ((from, to),
    default X_RECHECK_WINDOWS). Returns (tweets checked, tweets gone). `client` returns raw
    responses; its reads are recorded as re-checks."""
    now = now or timezone.now()
    ages = Q()
    for young, old in windows or settings.X_RECHECK_WINDOWS:
        ages |= Q(created_at__gt=now - timedelta(days=old), created_at__lte=now - timedelta(days=young))
    recent = Tweet.objects.visible().filter(ages).order_by("id")
    checked = gone = 0
    last = 0
    while ids := list(recent.filter(id__gt=last).values_list("id", flat=True)[:LOOKUP_SIZE]):
        if not budget.allows(ledger.RECHECKS):
            break
        last = ids[-1]
        checked += len(ids)
        with ledger.reading_for(ledger.RECHECKS):
            notices = gone_notices(client.get_tweets(ids, tweet_fields=["id"]).json())
        if notices:
            sink.append(notices, source="recheck")
            gone += len(notices)
    return checked, gone


def gone_notices(body: dict) -> list[bytes]:
    """Compliance lines (`{"id", "action": "delete", "reason"}`) for the ids X would not return."""
    notices = []
    for error in body.get("errors") or []:
        reason = GONE.get(error.get("type", ""))
        if reason and error.get("resource_type") == "tweet" and error.get("resource_id"):
            notices.append(orjson.dumps({"id": str(error["resource_id"]), "action": "delete", "reason": reason}))
    return notices
