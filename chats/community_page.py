"""A community's own page (/c/<slug>/): what the We is, its next chats, recent transcripts, its
hosts, and how it grew chat by chat. A fixed number of grouped queries whatever its history.

Figures follow the transcripts' rules: visible tweets only, and people who asked to be removed
from our pages are not counted (tweets/consent.py); those who asked not to be named are counted
but not listed among the hosts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.safestring import SafeString

from tweets.models import Account, Community, Tweet

from .charts import bar_chart
from .models import ChatTweet, Tweetchat

UPCOMING = 4
RECENT = 6
HOSTS = 12
# The growth chart's reach: about a year of weekly chats.
GROWTH_CHATS = 52


@dataclass
class Growth:
    chat: Tweetchat
    participants: int
    first_timers: int


@dataclass
class CommunityPage:
    community: Community
    upcoming: list[Tweetchat] = field(default_factory=list)
    recent: list[Tweetchat] = field(default_factory=list)
    hosts: list[Account] = field(default_factory=list)
    growth: list[Growth] = field(default_factory=list)
    chart: SafeString | str = ""
    chats_archived: int = 0
    people: int = 0

    @property
    def follow_url(self) -> str:
        return f"https://x.com/search?q={quote(self.community.display_hashtag)}&f=live"


def counted(community: Community):
    """The attributions that count in figures: archived chats, visible tweets, people not removed."""
    removed = Account.objects.filter(archive_choice=Account.ArchiveChoice.REMOVE).values("id")
    return ChatTweet.objects.filter(
        chat__community=community, chat__status=Tweetchat.Status.ARCHIVED, tweet__deleted_at__isnull=True
    ).exclude(author_id__in=removed)


def build(community: Community, now=None) -> CommunityPage:
    now = now or timezone.now()
    page = CommunityPage(community=community)
    chats = Tweetchat.objects.filter(community=community).select_related("community").prefetch_related("hosts")
    page.upcoming = list(chats.upcoming(now).order_by("start")[:UPCOMING])
    page.recent = list(chats.past(now).order_by("-start")[:RECENT])
    counts = dict(
        counted(community)
        .filter(chat_id__in=[c.pk for c in page.recent])
        .values("chat_id")
        .annotate(tweets=Count("id", filter=~Q(tweet__kind=Tweet.Kind.RETWEET)))
        .values_list("chat_id", "tweets")
    )
    for chat in page.recent:
        chat.tweet_count = counts.get(chat.pk, 0)
    page.hosts = list(
        Account.objects.named()
        .filter(hosted_chats__community=community, hosted_chats__status=Tweetchat.Status.ARCHIVED)
        .annotate(hosted=Count("hosted_chats", distinct=True))
        .order_by("-hosted", "handle")[:HOSTS]
    )
    page.growth = _growth(community, now)
    page.chats_archived = Tweetchat.objects.past(now).filter(community=community).count()
    page.people = counted(community).values("author_id").distinct().count()
    if page.growth:
        labels = [timezone.localtime(g.chat.start).strftime("%-d %b %y") for g in page.growth]
        page.chart = bar_chart(
            {
                "participants": [g.participants for g in page.growth],
                "first-timers": [g.first_timers for g in page.growth],
            },
            labels,
            f"People in each {community.display_hashtag} chat, and how many were there for the first time",
            unit="people",
            colours=[community.colour, "#8a4b00"],
        )
    return page


def _growth(community: Community, now) -> list[Growth]:
    """Participants and first-timers of the community's latest archived chats: two grouped
    queries. A first-timer's first counted chat in this community is this one."""
    chats = list(Tweetchat.objects.past(now).filter(community=community).order_by("-start")[:GROWTH_CHATS])
    if not chats:
        return []
    chats.reverse()
    participants = dict(
        counted(community)
        .filter(chat_id__in=[c.pk for c in chats])
        .values("chat_id")
        .annotate(n=Count("author_id", distinct=True))
        .values_list("chat_id", "n")
    )
    firsts = counted(community).values("author_id").annotate(first=Min("chat__start")).values_list("first", flat=True)
    first_at = Counter(firsts)
    return [Growth(c, participants.get(c.pk, 0), first_at.get(c.start, 0)) for c in chats]
