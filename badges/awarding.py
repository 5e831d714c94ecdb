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

from tweets import sql

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
    with serialised():
        if members is None:
            derived.rebuild(interactions=rebuild)
        scope = metrics.registered_members(members)
        if not scope:
            return Summary()
        summary = _recompute({badge: scope for badge in badges}, members is None, now or timezone.now(), on_badge)
    log.info("badges refreshed: %s", summary)
    return summary


def refresh_plan(plan: dict[Badge, Collection[int]], now: datetime | None = None) -> Summary:
    """Recompute each badge for its own set of members (user ids): one query per badge and one
    pass of reads and writes for them all."""
    with serialised():
        registered = set(metrics.registered_members(set().union(*plan.values()))) if plan else set()
        scoped = {badge: sorted(set(members) & registered) for badge, members in plan.items()}
        scoped = {badge: members for badge, members in scoped.items() if members}
        if not scoped:
            return Summary()
        summary = _recompute(scoped, False, now or timezone.now(), None)
    log.info("badges refreshed: %s", summary)
    return summary


def advance(
    tweet_ids: Collection[int], plan: dict[Badge, Collection[int]], now: datetime | None = None
) -> tuple[Summary, dict[Badge, set[int]]]:
    """Add the items of these newly archived tweets to the tweet badges of the members the plan
    names for each. Returns what it did and, per badge, the members it could not move on safely
    (no stored value yet, or an item no later than the last one counted: a backfill or tweets
    out of order), whom the caller must refresh."""
    now = now or timezone.now()
    summary = Summary(members=len(set().union(*plan.values())) if plan else 0)
    fallback: dict[Badge, set[int]] = {}
    if not tweet_ids:
        return summary, fallback
    values: list[tuple] = []
    awards: list[tuple] = []
    with serialised():
        found: dict[Badge, dict[int, list[metrics.Item]]] = {}
        for badge, members in plan.items():
            wanted = set(members)
            if wanted:
                found[badge] = {m: items for m, items in metrics.new_items(badge, tweet_ids).items() if m in wanted}
        touched = set().union(*(f.keys() for f in found.values())) if found else set()
        held = _held_values([b.slug for b in found], touched)
        for badge, by_member in found.items():
            for member, items in by_member.items():
                value, last_at = held.get((member, badge.slug), (None, None))
                if value is None or (value and last_at is None) or (last_at is not None and items[0][0] <= last_at):
                    fallback.setdefault(badge, set()).add(member)
                    continue
                new_value = value + len(items)
                values.append((member, badge.slug, new_value, items[-1][0], now))
                for level in badge.levels:
                    threshold = badge.threshold(level)
                    if value < threshold <= new_value:
                        awards.append(_award(member, badge, level, items[threshold - value - 1][0], now))
        _write(values, awards, [], [], summary)
    return summary, fallback


def _held_values(slugs: list[str], members: Collection[int]) -> dict[tuple[int, str], tuple[int, datetime | None]]:
    """(member, badge) → (value, last_at) as stored. A batch's authors are some hundreds of
    members: bound as one array parameter, not one parameter each."""
    if not members or not slugs:
        return {}
    among, params = sql.in_ids("member_id", members)
    badges = ", ".join("%s" for _ in slugs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member_id, badge, value, last_at FROM {BadgeValue._meta.db_table}"
            f" WHERE badge IN ({badges}) AND {among}",
            [*slugs, *params],
        )
        return {(m, b): (value, _as_datetime(last_at)) for m, b, value, last_at in cursor.fetchall()}


def _as_datetime(value) -> datetime | None:
    return None if value is None else metrics.as_datetime(value)


def _recompute(
    plan: dict[Badge, Sequence[int]], everyone: bool, now: datetime, on_badge: Callable[[Badge], None] | None
) -> Summary:
    """Measure each badge for its members (all registered members when `everyone`), compare
    with what is stored, and write the differences."""
    members = sorted(set().union(*plan.values()))
    summary = Summary(members=len(members))
    measures: dict[str, dict[int, metrics.Measure]] = {}
    for badge, scope in plan.items():
        measures[badge.slug] = metrics.measure(badge, None if everyone else scope)
        if on_badge is not None:
            on_badge(badge)
    slugs = [b.slug for b in plan]
    held_values = BadgeValue.objects.filter(badge__in=slugs)
    held_awards = Award.objects.filter(badge__in=slugs)
    if not everyone:
        held_values = held_values.filter(member_id__in=members)
        held_awards = held_awards.filter(member_id__in=members)
    values = {
        (m, b): (v, at) for m, b, v, at in held_values.values_list("member_id", "badge", "value", "last_at").iterator(BATCH)
    }
    awards = {
        (m, b, lv): (pk, at)
        for pk, m, b, lv, at in held_awards.values_list("pk", "member_id", "badge", "level", "reached_at").iterator(BATCH)
    }

    changed_values: list[tuple] = []
    new_awards: list[tuple] = []
    redated: list[tuple[int, datetime]] = []  # (award id, reached_at)
    revoked: list[int] = []
    for badge, scope in plan.items():
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
                    redated.append((held[0], reached_at))
    _write(changed_values, new_awards, revoked, redated, summary)
    return summary


def _award(member: int, badge: Badge, level: int, reached_at: datetime, now: datetime) -> tuple:
    """A new award as a row of store.AWARD_COLUMNS; silent (told already) if reached long ago."""
    told = now if reached_at < now - SILENT_AFTER else None
    return (member, badge.slug, level, badge.threshold(level), reached_at, now, told)


def _write(
    values: list[tuple], awards: list[tuple], revoked: list[int], redated: list[tuple[int, datetime]], summary: Summary
) -> None:
    store.upsert_values(values)
    for start in range(0, len(revoked), BATCH):
        Award.objects.filter(pk__in=revoked[start : start + BATCH]).delete()
    store.insert_awards(awards)
    store.redate_awards(redated)
    summary.values_changed += len(values)
    summary.awarded += len(awards)
    summary.revoked += len(revoked)
    summary.redated += len(redated)


def forget(member_id: int) -> int:
    """Delete a member's values and awards (their data was deleted); returns the rows removed."""
    awards, _ = Award.objects.filter(member_id=member_id).delete()
    values, _ = BadgeValue.objects.filter(member_id=member_id).delete()
    return awards + values
