"""Hashtags: how often the member used each community hashtag, and in how many Wes."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Max, Min

from tweets.models import TweetHashtag

from .common import communities, month_key, month_label, month_range, with_percent


def hashtags(account_id: int | None) -> dict:
    """Per hashtag counts and a monthly series of tagged tweets: three queries, all on the
    narrow hashtag table's author index (deleted tweets have no hashtag rows)."""
    wes = communities()
    empty = {"tags": [], "by_month": [], "tweets": 0, "wes_used": 0, "wes": len(wes)}
    if account_id is None or not wes:
        return empty
    mine = TweetHashtag.objects.filter(author_id=account_id, tag__in=[we.hashtag for we in wes])
    per_tag = {
        row["tag"]: row
        for row in mine.values("tag").annotate(n=Count("id"), first=Min("created_at"), last=Max("created_at"))
    }
    if not per_tag:
        return empty
    tags = [
        {
            "label": we.display,
            "name": we.name,
            "colour": we.colour,
            "value": per_tag[we.hashtag]["n"],
            "first": per_tag[we.hashtag]["first"],
            "last": per_tag[we.hashtag]["last"],
        }
        for we in wes
        if we.hashtag in per_tag
    ]
    tags.sort(key=lambda t: -t["value"])
    # One row per tagged tweet (not per tag), so a tweet with two We hashtags counts once, as
    # the badge counts it. Only the tweet's time travels, and a member has thousands at most.
    times = mine.values_list("tweet_id", "created_at").distinct()
    seen: dict[int, str] = {}
    for tweet_id, created_at in times:
        seen[tweet_id] = month_key(created_at)
    months = Counter(seen.values())
    span = month_range(min(months), max(months))
    return {
        "tags": with_percent(tags),
        "by_month": [{"key": m, "label": month_label(m), "value": months.get(m, 0)} for m in span],
        "tweets": len(seen),
        "wes_used": len(tags),
        "wes": len(wes),
    }
