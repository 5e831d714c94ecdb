"""Filling the gap after a disconnection or downtime with X's recent search.

For each community, search its hashtag for tweets newer than the newest one archived (`since_id`)
and put every result page, as X sent it, through the same buffer as the stream. Anything found
twice (still in the buffer, or seen by the stream as well) is harmless: the archive upserts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import tweepy
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import Community, TweetHashtag
from .xclient import FIELDS

# Recent search reaches back seven days and refuses a since_id or start_time beyond that.
SEARCH_WINDOW = timedelta(days=7) - timedelta(minutes=5)


def with_newest_archived():
    """Communities with the id and time of their newest archived tweet, in one query (each
    subquery walks the (tag, created_at) index backwards for one row)."""
    newest = TweetHashtag.objects.filter(tag=OuterRef("hashtag")).order_by("-created_at", "-tweet_id")
    return Community.objects.annotate(
        newest_id=Subquery(newest.values("tweet_id")[:1]),
        newest_at=Subquery(newest.values("created_at")[:1]),
    )


def search_params(community: Community, now: datetime) -> dict:
    horizon = now - SEARCH_WINDOW
    params: dict = {"query": f"#{community.hashtag}", "max_results": 100, **FIELDS}
    if community.newest_id and community.newest_at and community.newest_at > horizon:
        params["since_id"] = community.newest_id
    else:
        params["start_time"] = horizon
    return params


def backfill(client: tweepy.Client, sink, now: datetime | None = None) -> int:
    """Search every community since its newest archived tweet; returns the pages buffered.
    `client` must return raw responses (`xclient.x_client()`)."""
    now = now or timezone.now()
    pages = 0
    for community in with_newest_archived():
        for page in tweepy.Paginator(client.search_recent_tweets, **search_params(community, now)):
            if page.json().get("meta", {}).get("result_count"):
                sink.append([page.content], source="search")
                pages += 1
    return pages
