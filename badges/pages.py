"""What the badge pages show, gathered in a few aggregate queries (views stay thin)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from tweets.models import Account

from . import definitions, sharing
from .definitions import Badge, Progress
from .models import Award, BadgeValue

HOLDERS_SHOWN = 200


@dataclass
class Level:
    number: int
    threshold: int
    holders: int  # members whose highest level of the badge is at least this one


@dataclass
class Holder:
    handle: str
    name: str
    avatar_url: str
    level: int


@dataclass
class BadgeSummary:
    badge: Badge
    levels: list[Level]
    mine: Progress | None = None  # the visitor's own standing, if a registered member

    @property
    def slug(self) -> str:
        return self.badge.slug

    @property
    def hint(self) -> str:
        return self.badge.next_hint(self.mine.value) if self.mine is not None else ""

    @property
    def holders(self) -> int:
        return self.levels[0].holders if self.levels else 0


@dataclass
class BadgeDetail:
    summary: BadgeSummary
    shared_holders: list[Holder] = field(default_factory=list)
    shared_total: int = 0


def summaries(member_id: int | None = None) -> list[BadgeSummary]:
    """The eight badges with how many members hold each level: one query (two with a member)."""
    counts = Award.objects.level_counts()
    mine = _values(member_id)
    return [_summary(badge, counts.get(badge.slug, {}), mine) for badge in definitions.BADGES]


def detail(badge: Badge, member_id: int | None = None) -> BadgeDetail:
    counts = Award.objects.filter(badge=badge.slug).level_counts()
    page = BadgeDetail(summary=_summary(badge, counts.get(badge.slug, {}), _values(member_id, badge.slug)))
    shared = sharing.shared_member_ids(badge.slug)
    if not isinstance(shared, QuerySet):
        shared = list(shared)
        if not shared:
            return page
    tops = (
        Award.objects.filter(badge=badge.slug, member_id__in=shared)
        .order_by()
        .values("member_id")
        .annotate(level=Max("level"))
    )
    top_levels = {row["member_id"]: row["level"] for row in tops}
    page.shared_total = len(top_levels)
    # Holders who opted out of the archive are not named (nor counted among those listed).
    accounts = (
        Account.objects.filter(member_id__in=list(top_levels)).named().only("member_id", "handle", "name", "avatar_url")
    )
    holders = [Holder(a.handle, a.name, a.avatar_url, top_levels[a.member_id]) for a in accounts]
    holders.sort(key=lambda h: (-h.level, h.handle.lower()))
    page.shared_holders = holders[:HOLDERS_SHOWN]
    return page


def _summary(badge: Badge, counts: dict[int, int], mine: dict[str, int] | None) -> BadgeSummary:
    return BadgeSummary(
        badge=badge,
        levels=[Level(lv, badge.threshold(lv), counts.get(lv, 0)) for lv in badge.levels],
        mine=badge.progress(mine.get(badge.slug, 0)) if mine is not None else None,
    )


def _values(member_id: int | None, slug: str | None = None) -> dict[str, int] | None:
    """The member's stored values by badge, or None for a visitor who is not a registered member."""
    if member_id is None or not Account.objects.filter(member_id=member_id).exists():
        return None
    values = BadgeValue.objects.filter(member_id=member_id)
    if slug is not None:
        values = values.filter(badge=slug)
    return dict(values.values_list("badge", "value"))
