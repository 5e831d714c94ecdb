"""A generation number per member, kept in the cache, that names the current version of their
dashboards' aggregates. Writers bump it once when something a dashboard shows has changed;
readers put it in their cache keys, so stale aggregates are never read again and simply expire.

A generation that the cache has lost (evicted, restarted) comes back as a fresh nanosecond
clock value, never one used before, so a lost number can not resurrect an old aggregate.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

# How long an aggregate is kept. Without Redis each process has its own local cache, which a
# bump in another process never reaches: there a short life is what bounds staleness.
AGGREGATE_SECONDS = 6 * 60 * 60 if settings.REDIS_URL else 120

_counter = itertools.count()


def _key(member_id: int) -> str:
    return f"dashboards:gen:{member_id}"


def _fresh() -> int:
    # The counter separates two calls in the same nanosecond within one process.
    return time.time_ns() + next(_counter) % 1000


def current(member_id: int) -> int:
    key = _key(member_id)
    value = cache.get(key)
    if value is None:
        value = _fresh()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def bump(member_ids: Iterable[int]) -> None:
    """Start a new generation for these members (site user ids): one cache round trip."""
    ids = sorted({int(m) for m in member_ids if m is not None})
    if ids:
        cache.set_many({_key(m): _fresh() for m in ids}, timeout=None)


def cached(name: str, member_id: int, compute, *, generation: int | None = None):
    """The aggregate `name` of this member for the current generation, computed on a miss."""
    generation = current(member_id) if generation is None else generation
    key = f"dashboards:{name}:{member_id}:{generation}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=AGGREGATE_SECONDS)
    return value
