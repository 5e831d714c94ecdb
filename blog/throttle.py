"""Fixed-window rate limits kept in the cache (Redis in production, so every web worker shares
the counts): per member, and per visitor address (wecommunities/client_ip.py) so that several
accounts behind one address share a budget too."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from wecommunities.client_ip import client_ip

_WINDOW_SECONDS = 60
KEY_PREFIX = "blog:rate:"


@dataclass(frozen=True)
class Limit:
    name: str
    per_member: int  # a minute
    per_address: int  # a minute


# Per address the limits are higher: a hospital's staff share one address (NAT), and a
# teaching session may have a room of them writing at once.
# Comments are short and quick to write; five a minute is more than any person posts.
COMMENTS = Limit("comment", per_member=5, per_address=60)
# Each save and preview renders Markdown (blog/rendering.py): a person editing saves or previews
# a few times a minute; a script hammering the renderer is stopped here (a body that passes
# rendering.check renders in well under a second).
SAVES = Limit("save", per_member=12, per_address=60)
COMMENTS_PER_MINUTE = COMMENTS.per_member


def _count(key: str) -> int:
    # add() only sets a missing key, so the window starts at the first action and expires with it;
    # incr() is atomic in Redis, so concurrent requests cannot both slip under the limit.
    cache.add(key, 0, timeout=_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr(): a fresh window
        cache.add(key, 1, timeout=_WINDOW_SECONDS)
        return 1


def allow(limit: Limit, member_id: int, request: HttpRequest | None = None) -> bool:
    """Count one action; False once the member (or their address) is over the limit this minute."""
    allowed = _count(f"{KEY_PREFIX}{limit.name}:m:{member_id}") <= limit.per_member
    if request is not None:
        allowed = _count(f"{KEY_PREFIX}{limit.name}:ip:{client_ip(request)}") <= limit.per_address and allowed
    return allowed


def allow_comment(member_id: int, request: HttpRequest | None = None) -> bool:
    return allow(COMMENTS, member_id, request)


def forget(member_id: int) -> None:
    """Delete my data: the member's counts go too (their address's counts are shared, and
    expire within the minute)."""
    cache.delete_many([f"{KEY_PREFIX}{limit.name}:m:{member_id}" for limit in (COMMENTS, SAVES)])
