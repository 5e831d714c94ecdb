"""A fixed-window rate limit kept in the cache (Redis in production, so every web worker
shares the count)."""

from __future__ import annotations

from django.core.cache import cache

COMMENTS_PER_MINUTE = 5
_WINDOW_SECONDS = 60
KEY_PREFIX = "blog:comment-rate:"


def allow_comment(member_id: int) -> bool:
    """Count one comment for this member; False once they are over the limit this minute."""
    key = f"{KEY_PREFIX}{member_id}"
    # add() only sets a missing key, so the window starts at the first comment and expires with it;
    # incr() is atomic in Redis, so concurrent requests cannot both slip under the limit.
    cache.add(key, 0, timeout=_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a fresh window
        cache.add(key, 1, timeout=_WINDOW_SECONDS)
        count = 1
    return count <= COMMENTS_PER_MINUTE
