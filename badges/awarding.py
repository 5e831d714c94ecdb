"""Turn metric values into stored values and awards: new levels are awarded with the date the
archive says they were reached, levels whose value fell back below are revoked, and only what
changed is written. Works for every registered member (a full recompute) or a given set (an
incremental update after a batch) with the same code, so the two cannot disagree."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from . import metrics
from .definitions import BADGES, Badge
from .models import Award, BadgeValue

log = logging.getLogger(__name__)

# Levels reached longer ago than this arrive silently: a backfill of years of history, or a
# member's first computation, must not greet them with a flood of messages.
SILENT_AFTER = timedelta(days=7)
# Any two refreshes take this PostgreSQL advisory lock in turn, so an incremental update never
# interleaves its writes with a full recompute reading older rows.
LOCK_KEY = 0x6261646765  # "badge"
BATCH = 2_000


@dataclass
class Summary:
    members: int = 0
    values_changed: int = 0
    awarded: int = 0
    revoked: int = 0
    redated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.members} members: {self.values_changed} values changed, {self.awarded} levels awarded, "
            f"{self.revoked} revoked, {self.redated} re-dated"
        )


def refresh(
    members: Collection[int] | None = None,
    badges: Sequence[Badge] = BADGES,
    now: datetime | None = None,
    on_badge: Callable[[Badge], None] | None = None,
) -> Summary:
    """Recompute `badges` for the registered members among `members` (user ids), or for all
    registered members when `members` is None, and store what changed."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock()
        scope = metrics.registered_members(members)
        summary = Summary(members=len(scope))
        if not scope:
            return summary
        query_scope = None if members is None else scope
        measures: dict[str, dict[int, metrics.Measure]] = {}
        for badge in badges:
            measures[badge.slug] = metrics.measure(badge, query_scope)
            if on_badge is not None:
                on_badge(badge)
        _store(scope, query_scope, badges, measures, now, summary)
    log.info("badges refreshed: %s", summary)
    return summary


def _store(
    scope: list[int],
    query_scope: list[int] | None,
    badges: Sequence[Badge],
    measures: dict[str, dict[int, metrics.Measure]],
    now: datetime,
    summary: Summary,
) -> None:
    slugs = [b.slug for b in badges]
    held_values = BadgeValue.objects.filter(badge__in=slugs)
    held_awards = Award.objects.filter(badge__in=slugs)
    if query_scope is not None:
        held_values = held_values.filter(member_id__in=query_scope)
        held_awards = held_awards.filter(member_id__in=query_scope)
    values = {(m, b): v for m, b, v in held_values.values_list("member_id", "badge", "value").iterator(BATCH)}
    awards = {
        (m, b, lv): (pk, at)
        for pk, m, b, lv, at in held_awards.values_list("pk", "member_id", "badge", "level", "reached_at").iterator(BATCH)
    }

    changed_values: list[BadgeValue] = []
    new_awards: list[Award] = []
    redated: list[Award] = []
    revoked: list[int] = []
    silent_before = now - SILENT_AFTER
    for badge in badges:
        by_member = measures[badge.slug]
        for member in scope:
            measure = by_member.get(member) or metrics.Measure()
            if values.get((member, badge.slug)) != measure.value:
                changed_values.append(BadgeValue(member_id=member, badge=badge.slug, value=measure.value, updated_at=now))
            level = badge.level_for(measure.value)
            for lv in badge.levels:
                held = awards.get((member, badge.slug, lv))
                if lv > level:
                    if held is not None:
                        revoked.append(held[0])
                    continue
                reached_at = measure.crossed_at[badge.threshold(lv)]
                if held is None:
                    new_awards.append(
                        Award(
                            member_id=member, badge=badge.slug, level=lv, value=badge.threshold(lv),
                            reached_at=reached_at, awarded_at=now,
                            notified_at=now if reached_at < silent_before else None,
                        )
                    )
                elif reached_at < held[1]:
                    # Older history arrived (a backfill): the level was reached earlier than we
                    # thought. A later crossing (a tweet deleted) keeps the first date.
                    redated.append(Award(pk=held[0], reached_at=reached_at))

    if changed_values:
        BadgeValue.objects.bulk_create(
            changed_values, batch_size=BATCH, update_conflicts=True,
            unique_fields=["member", "badge"], update_fields=["value", "updated_at"],
        )
    if revoked:
        for start in range(0, len(revoked), BATCH):
            Award.objects.filter(pk__in=revoked[start : start + BATCH]).delete()
    if new_awards:
        # ignore_conflicts: a refresh that lost the race (SQLite has no advisory lock) is harmless.
        Award.objects.bulk_create(new_awards, batch_size=BATCH, ignore_conflicts=True)
    if redated:
        Award.objects.bulk_update(redated, ["reached_at"], batch_size=BATCH)
    summary.values_changed += len(changed_values)
    summary.awarded += len(new_awards)
    summary.revoked += len(revoked)
    summary.redated += len(redated)


def forget(member_id: int) -> int:
    """Delete a member's values and awards (their data was deleted); returns the rows removed."""
    awards, _ = Award.objects.filter(member_id=member_id).delete()
    values, _ = BadgeValue.objects.filter(member_id=member_id).delete()
    return awards + values


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
