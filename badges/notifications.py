"""Telling members about levels they reached: each level once, on their next visit."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from . import definitions
from .models import Award

ORDER = {badge.slug: i for i, badge in enumerate(definitions.BADGES)}

# "Nothing new" is remembered in the cache, so the usual logged-in request asks no query at all
# (the check was ~1.5 ms a request, docs/performance.md); `untold` removes it when a level is
# awarded. A local-memory cache (no Redis) never hears of an award made in another process, and
# a check that reads the table just before an award commits may remember "nothing" just after
# it: the life of the entry bounds how late a notice can be.
ALL_TOLD_SECONDS = 10 * 60 if settings.CACHE_URL else 30


def _key(member_id: int) -> str:
    return f"badges:all-told:{member_id}"


def untold(member_ids) -> None:
    """These members have levels to be told about (called after the awards commit)."""
    keys = [_key(m) for m in set(member_ids)]
    if keys:
        cache.delete_many(keys)


def take_new(member_id: int) -> list[str]:
    """The messages for levels this member has not been told about, marking them told. One
    cheap indexed read when there is nothing (the usual case); the claim is a conditional
    UPDATE … RETURNING, so two requests at once never tell the same level twice. No query at all
    while the cache remembers that there is nothing."""
    if cache.get(_key(member_id)):
        return []
    if not Award.objects.unnotified().filter(member_id=member_id).exists():
        cache.set(_key(member_id), True, ALL_TOLD_SECONDS)
        return []
    table = Award._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET notified_at = %s WHERE member_id = %s AND notified_at IS NULL RETURNING badge, level",
            [connection.ops.adapt_datetimefield_value(timezone.now()), member_id],
        )
        claimed = cursor.fetchall()
    cache.set(_key(member_id), True, ALL_TOLD_SECONDS)
    # Several levels of one badge at once (a burst of tweets): the highest says it all.
    highest: dict[str, int] = {}
    for slug, level in claimed:
        highest[slug] = max(level, highest.get(slug, 0))
    return [
        f"You reached {definitions.get(slug).name} level {level}"
        for slug, level in sorted(highest.items(), key=lambda item: ORDER.get(item[0], 99))
    ]
