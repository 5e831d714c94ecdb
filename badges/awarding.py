"""Turn metric values into stored values and awards: new levels are awarded with the date the
archive says they were reached, levels whose value fell back below are revoked, and only what
changed is written.

Two ways in:
- `refresh` recomputes badges from the whole archive, for every registered member (a full
  recompute) or a given set (the same code restricted, so the two cannot disagree);
- `advance` moves the tweet badges of members on by a batch of newly archived tweets alone,
  when the batch only adds items later than everything counted so far (the live case), and
  hands back the members for whom that does not hold, to `refresh`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from . import derived, metrics, store
from .definitions import BADGES, Badge
from .models import Award, BadgeValue

log = logging.getLogger(__name__)

# Levels reached longer ago than this arrive silently: a backfill of years of history, or a
# member's first computation, must not greet them with a flood of messages.
SILENT_AFTER = timedelta(days=7)
# Every badge writer takes this PostgreSQL advisory lock in turn, so an incremental update never
# interleaves with a full recompute that read older rows, and two updates never both add a batch.
LOCK_KEY = 0x6261646765  # "badge"
BATCH = 2_000


@dataclass
class Summary:
    members: int = 0
    values_changed: int = 0
    awarded: int = 0
    revoked: int = 0
    redated: int = 0

    def add(self, other: Summary) -> None:
        self.members += other.members
        self.values_changed += other.values_changed
        self.awarded += other.awarded
        self.revoked += other.revoked
        self.redated += other.redated

    def __str__(self) -> str:
        return (
            f"{self.members} members: {self.values_changed} values changed, {self.awarded} levels awarded, "
            f"{self.revoked} revoked, {self.redated} re-dated"
        )


@contextmanager
def serialised() -> Iterator[None]:
    """One transaction holding the badge writers' lock (re-entrant: nested uses are free)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                # The window sorts of a full recompute fit in memory with this (the default
                # 4 MB spills them to disk), and compiling these one-off queries (JIT) costs
                # more than it saves; SET LOCAL ends with the transaction.
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
        yield


def refresh(
    members: Collection[int] | None = None,
    badges: Sequence[Badge] = BADGES,
    now: datetime | None = None,
    on_badge: Callable[[Badge], None] | None = None,
    rebuild: bool = True,
) -> Summary:
    """Recompute `badges` for the registered members among `members` (user ids), or for all
    registered members when `members` is None, and store what changed.

    For all members, the community members are brought up to date first and, unless `rebuild`
    is False, the interactions are rebuilt from the tweets: every archived batch keeps them up
    to date, so skipping the rebuild (a tenth of the work of reading every tweet) is safe
    wherever the archive was written through `tweets.archive`."""
    now = now or timezone.now()
    with serialised():
        if members is None:
            derived.rebuild(interactions=rebuild)
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


def advance(
    tweet_ids: Collection[int],
    members: Collection[int],
    badges: Sequence[Badge] = tuple(b for b in BADGES if b.slug in metrics.TWEET_BADGES),
    now: datetime | None = None,
) -> tuple[Summary, dict[str, set[int]]]:
    """Add the items of these newly archived tweets to the tweet badges of `members`. Returns
    what it did and, per badge slug, the members it could not move on safely (no stored value
    yet, or an item no later than the last one counted: a backfill or tweets out of order),
    whom the caller must `refresh`."""
    now = now or timezone.now()
    summary = Summary(members=len(members))
    fallback: dict[str, set[int]] = {}
    if not members or not tweet_ids:
        return summary, fallback
    wanted = set(members)
    values: list[tuple] = []
    awards: list[tuple] = []
    with serialised():
        for badge in badges:
            found = {m: items for m, items in metrics.new_items(badge, tweet_ids).items() if m in wanted}
            if not found:
                continue
            held = {
                m: (value, last_at)
                for m, value, last_at in BadgeValue.objects.filter(badge=badge.slug, member_id__in=list(found))
                .values_list("member_id", "value", "last_at")
            }
            for member, items in found.items():
                value, last_at = held.get(member, (None, None))
                if value is None or (value and last_at is None) or (last_at is not None and items[0][0] <= last_at):
                    fallback.setdefault(badge.slug, set()).add(member)
                    continue
                new_value = value + len(items)
                values.append((member, badge.slug, new_value, items[-1][0], now))
                for level in badge.levels:
                    threshold = badge.threshold(level)
                    if value < threshold <= new_value:
                        awards.append(_award(member, badge, level, items[threshold - value - 1][0], now))
        _write(values, awards, [], [], summary)
    return summary, fallback


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
    values = {
        (m, b): (v, at) for m, b, v, at in held_values.values_list("member_id", "badge", "value", "last_at").iterator(BATCH)
    }
    awards = {
        (m, b, lv): (pk, at)
        for pk, m, b, lv, at in held_awards.values_list("pk", "member_id", "badge", "level", "reached_at").iterator(BATCH)
    }

    changed_values: list[tuple] = []
    new_awards: list[tuple] = []
    redated: list[Award] = []
    revoked: list[int] = []
    for badge in badges:
        by_member = measures[badge.slug]
        for member in scope:
            measure = by_member.get(member) or metrics.Measure()
            if values.get((member, badge.slug)) != (measure.value, measure.last_at):
                changed_values.append((member, badge.slug, measure.value, measure.last_at, now))
            level = badge.level_for(measure.value)
            for lv in badge.levels:
                held = awards.get((member, badge.slug, lv))
                if lv > level:
                    if held is not None:
                        revoked.append(held[0])
                    continue
                reached_at = measure.crossed_at[badge.threshold(lv)]
                if held is None:
                    new_awards.append(_award(member, badge, lv, reached_at, now))
                elif reached_at != held[1]:
                    # The Nth item changed: older history arrived (a backfill dates the level
                    # earlier) or an item before it was deleted (later). The level stays held.
                    redated.append(Award(pk=held[0], reached_at=reached_at))
    _write(changed_values, new_awards, revoked, redated, summary)


def _award(member: int, badge: Badge, level: int, reached_at: datetime, now: datetime) -> tuple:
    """A new award as a row of store.AWARD_COLUMNS; silent (told already) if reached long ago."""
    told = now if reached_at < now - SILENT_AFTER else None
    return (member, badge.slug, level, badge.threshold(level), reached_at, now, told)


def _write(values: list[tuple], awards: list[tuple], revoked: list[int], redated: list[Award], summary: Summary) -> None:
    store.upsert_values(values)
    for start in range(0, len(revoked), BATCH):
        Award.objects.filter(pk__in=revoked[start : start + BATCH]).delete()
    store.insert_awards(awards)
    if redated:
        Award.objects.bulk_update(redated, ["reached_at"], batch_size=BATCH)
    summary.values_changed += len(values)
    summary.awarded += len(awards)
    summary.revoked += len(revoked)
    summary.redated += len(redated)


def forget(member_id: int) -> int:
    """Delete a member's values and awards (their data was deleted); returns the rows removed."""
    awards, _ = Award.objects.filter(member_id=member_id).delete()
    values, _ = BadgeValue.objects.filter(member_id=member_id).delete()
    return awards + values
