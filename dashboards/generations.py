"""A generation number per member, kept in the cache, that names the current version of their
dashboards' aggregates. Writers bump it once when something a dashboard shows has changed;
readers put it in their cache keys, so stale aggregates are never read again and simply expire.

A generation that the cache has lost (evicted, restarted) comes back as a fresh nanosecond
clock value, never one used before, so a lost number can not resurrect an old aggregate.

Every cache key about one member ends with `:{member_id}:{version}` (a generation, a hash of
what the entry shows), so that `forget` can find them all when the member deletes their data.
"""

from __future__ import annotations

import fnmatch
import itertools
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

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


def forget(member_ids: Iterable[int]) -> int:
    """Delete every cache entry about these members, rather than leave them unreadable until
    they expire (delete my data). Returns how many went.

    The cache API cannot list keys, so this reads the backend's: one SCAN over Redis (rare, and
    well under a second on a large cache), or the local-memory dict of this process.
    """
    ids = {str(int(m)) for m in member_ids if m is not None}
    if not ids:
        return 0
    cache.delete_many([_key(int(m)) for m in ids])
    backend = caches["default"]
    pattern = backend.make_key("dashboards:*")

    def about_them(key: str) -> bool:
        return key.rsplit(":", 2)[-2] in ids if key.count(":") >= 2 else False

    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        doomed = [k for k in client.scan_iter(match=pattern, count=1000) if about_them(k.decode())]
        for start in range(0, len(doomed), 500):
            client.delete(*doomed[start : start + 500])
        return len(doomed)
    if isinstance(backend, LocMemCache):
        with backend._lock:
            doomed = [k for k in backend._cache if fnmatch.fnmatchcase(k, pattern) and about_them(k)]
            for key in doomed:
                backend._delete(key)
        return len(doomed)
    return 0  # another backend: the generation key above is gone, so these are never read again
