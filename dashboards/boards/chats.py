"""Chat Host and Chats: the tweetchats a member hosted, and the ones they joined."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from chats.models import Tweetchat

from .common import communities, month_key, month_label, month_range, with_percent


def _row(chat: Tweetchat, **extra) -> dict:
    return {
        "topic": chat.topic,
        "start": chat.start,
        "hashtag": chat.community.display_hashtag,
        "colour": chat.community.colour,
        "url": chat.get_absolute_url(),
        **extra,
    }


def chat_host(account_id: int | None) -> dict:
    """Each archived chat the member hosted with its participants and tweets: one query."""
    if account_id is None:
        return {"chats": [], "upcoming": []}
    chats = (
        Tweetchat.objects.filter(hosts__id=account_id, status__in=[Tweetchat.Status.ARCHIVED, Tweetchat.Status.SCHEDULED])
        .select_related("community")
        .annotate(tweet_count=Count("chattweet"), participant_count=Count("chattweet__author_id", distinct=True))
        .order_by("-start")
    )
    hosted, upcoming = [], []
    for chat in chats:
        row = _row(chat, tweets=chat.tweet_count, participants=chat.participant_count)
        (hosted if chat.status == Tweetchat.Status.ARCHIVED else upcoming).append(row)
    upcoming.reverse()
    return {
        "chats": hosted,
        "upcoming": upcoming,
        "tweets": sum(c["tweets"] for c in hosted),
        "participants": sum(c["participants"] for c in hosted),
    }


def chats(account_id: int | None) -> dict:
    """The chats the member tweeted in, by month and by community: two queries."""
    wes = communities()
    if account_id is None:
        return {"chats": [], "by_month": [], "by_community": [], "wes": len(wes)}
    joined = (
        Tweetchat.objects.filter(chattweet__author_id=account_id)
        .filter(status__in=[Tweetchat.Status.SCHEDULED, Tweetchat.Status.ARCHIVED])
        .select_related("community")
        .annotate(my_tweets=Count("chattweet"))
        .order_by("-start")
    )
    rows = [_row(chat, my_tweets=chat.my_tweets, community=chat.community.hashtag) for chat in joined]
    by_month: list[dict] = []
    if rows:
        months = Counter(month_key(row["start"]) for row in rows)
        span = month_range(min(months), max(months))
        by_month = [{"key": m, "label": month_label(m), "value": months.get(m, 0)} for m in span]
    per_we = Counter(row["community"] for row in rows)
    by_community = [
        {"label": we.display, "value": per_we[we.hashtag], "colour": we.colour, "name": we.name}
        for we in wes
        if per_we[we.hashtag]
    ]
    by_community.sort(key=lambda r: -r["value"])
    return {"chats": rows, "by_month": by_month, "by_community": with_percent(by_community), "wes": len(wes)}
