"""Where a member stands on each badge, as the #MyWe pages show it: value, level, progress to
the next level and what it needs, levels reached lately, and the nudge towards a challenge.
Reads the badges' stored values and awards (two indexed queries), never the archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from badges.definitions import BADGES, Badge, Progress
from badges.models import Award, BadgeValue

# Levels reached this recently are highlighted on the home page.
NEW_FOR = timedelta(days=14)
# Between equally near levels, the challenge suggests the easiest first step for a newcomer.
CHALLENGE_ORDER = ("chats", "hashtags", "engagement", "blog-comment", "following", "followers", "weblog", "chat-host")


@dataclass
class Standing:
    badge: Badge
    progress: Progress
    new_levels: list[int] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.badge.slug

    @property
    def value(self) -> int:
        return self.progress.value

    @property
    def level(self) -> int:
        return self.progress.level

    @property
    def at_top(self) -> bool:
        return self.progress.next_threshold is None

    @property
    def needs(self) -> str:
        """'3 more chats joined', or '' at the top level."""
        if self.at_top:
            return ""
        return f"{self.progress.to_go:,} more {self.badge.unit_one if self.progress.to_go == 1 else self.badge.unit}"

    @property
    def public_count(self) -> str:
        """The value in words that also fit someone else's page ('12 community members
        followed', not '… you follow')."""
        return self.badge.count(self.value).replace(" you follow", " followed")

    @property
    def hint(self) -> str:
        return self.badge.next_hint(self.value)

    @property
    def is_new(self) -> bool:
        return bool(self.new_levels)


def standings(member_id: int, slugs: list[str] | None = None, *, recent: bool = False) -> list[Standing]:
    """Every badge (or the named ones) in definition order, zero where nothing is stored yet;
    with `recent`, the levels reached lately too (a second query)."""
    badges = [b for b in BADGES if slugs is None or b.slug in slugs]
    values = BadgeValue.objects.filter(member_id=member_id)
    if slugs is not None:
        values = values.filter(badge__in=slugs)
    held = dict(values.values_list("badge", "value"))
    new: dict[str, list[int]] = {}
    if recent:
        awards = Award.objects.filter(member_id=member_id, reached_at__gte=timezone.now() - NEW_FOR)
        if slugs is not None:
            awards = awards.filter(badge__in=slugs)
        for slug, level in awards.values_list("badge", "level"):
            new.setdefault(slug, []).append(level)
    return [Standing(b, b.progress(held.get(b.slug, 0)), sorted(new.get(b.slug, []))) for b in badges]


def challenge(items: list[Standing]) -> Standing | None:
    """The nearest next level: the badge closest to it in proportion of the step still to go,
    then in absolute count. None when every badge is at its top level."""
    open_ = [s for s in items if not s.at_top]
    if not open_:
        return None
    order = {slug: i for i, slug in enumerate(CHALLENGE_ORDER)}
    return min(open_, key=lambda s: (-s.progress.percent, s.progress.to_go, order.get(s.slug, len(order))))
