"""The nightly re-check of recent tweets: X sends no deletion notices on the filtered stream,
so we ask it, 100 ids at a time, about what we archived in the last days. A tweet X no longer
returns becomes a deletion, put through the same buffer as everything else, and the archive
removes its text from every page and keeps a tombstone.

Re-checks are the lowest priority of the monthly X budget (tweets/budget.py): the budget is
asked before every lookup, and a paused re-check stops where it is; the next night's starts
again from the oldest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import orjson
import tweepy
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


def recheck_recent(client: tweepy.Client, sink, days: int = 7, now: datetime | None = None) -> tuple[int, int]:
    """Returns (tweets checked, tweets gone). `client` returns raw responses; its reads are
    recorded as re-checks."""
    since = (now or timezone.now()) - timedelta(days=days)
    recent = Tweet.objects.visible().filter(created_at__gte=since).order_by("id")
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
