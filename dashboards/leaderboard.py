"""Two public views of the badges, both by the members' own choice:

- a community's leaderboard: members who switched it on (LeaderboardEntry, off by default) and
  tweet with the community's hashtag, ranked by the badge levels they reached in the period;
- the newest badges: levels reached by members who share that badge's dashboard.

Nobody who opted out of the archive is listed (tweets/consent.py). One query each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from badges.definitions import BY_SLUG
from badges.models import Award
from tweets.models import Community, TweetHashtag

from .models import LeaderboardEntry, Share

PERIODS = {"month": ("the last 30 days", 30), "year": ("the last 12 months", 365)}
TOP = 25
NEWEST = 30


@dataclass(frozen=True)
class Row:
    handle: str
    name: str
    avatar_url: str
    levels: int


@dataclass(frozen=True)
class NewBadge:
    handle: str
    name: str
    badge: str
    badge_name: str
    level: int
    reached_at: datetime


def _listable(awards):
    """Awards of members whose X account we may name."""
    return awards.filter(member__x_account__archive_choice="", member__x_account__deleted_at__isnull=True)


def ranking(community: Community, period: str, now: datetime | None = None) -> list[Row]:
    since = (now or timezone.now()) - timedelta(days=PERIODS[period][1])
    tweets_here = TweetHashtag.objects.filter(author_id=OuterRef("member__x_account__id"), tag=community.hashtag)
    rows = (
        _listable(Award.objects.filter(reached_at__gte=since))
        .filter(Exists(LeaderboardEntry.objects.filter(member_id=OuterRef("member_id"))), Exists(tweets_here))
        .values("member_id", "member__x_account__handle", "member__x_account__name", "member__x_account__avatar_url")
        .annotate(levels=Count("id"))
        .order_by("-levels", "member__x_account__handle")[:TOP]
    )
    return [
        Row(
            r["member__x_account__handle"],
            r["member__x_account__name"],
            r["member__x_account__avatar_url"],
            r["levels"],
        )
        for r in rows
    ]


def newest(limit: int = NEWEST) -> list[NewBadge]:
    shared = Share.objects.filter(member_id=OuterRef("member_id"), dashboard=OuterRef("badge"))
    rows = (
        _listable(Award.objects.filter(Exists(shared)))
        .order_by("-reached_at", "-id")
        .values_list("member__x_account__handle", "member__x_account__name", "badge", "level", "reached_at")[:limit]
    )
    return [NewBadge(h, n, b, BY_SLUG[b].name if b in BY_SLUG else b, lv, at) for h, n, b, lv, at in rows]


def is_listed(member_id: int) -> bool:
    return LeaderboardEntry.objects.filter(member_id=member_id).exists()


def set_listed(member_id: int, listed: bool) -> None:
    if listed:
        LeaderboardEntry.objects.get_or_create(member_id=member_id)
    else:
        LeaderboardEntry.objects.filter(member_id=member_id).delete()
