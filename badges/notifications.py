"""Telling members about levels they reached: each level once, on their next visit."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from . import definitions
from .models import Award

ORDER = {badge.slug: i for i, badge in enumerate(definitions.BADGES)}


def take_new(member_id: int) -> list[str]:
    """The messages for levels this member has not been told about, marking them told. One
    cheap indexed read when there is nothing (the usual case); the claim is a conditional
    UPDATE … RETURNING, so two requests at once never tell the same level twice."""
    if not Award.objects.unnotified().filter(member_id=member_id).exists():
        return []
    table = Award._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET notified_at = %s WHERE member_id = %s AND notified_at IS NULL RETURNING badge, level",
            [connection.ops.adapt_datetimefield_value(timezone.now()), member_id],
        )
        claimed = cursor.fetchall()
    # Several levels of one badge at once (a burst of tweets): the highest says it all.
    highest: dict[str, int] = {}
    for slug, level in claimed:
        highest[slug] = max(level, highest.get(slug, 0))
    return [
        f"You reached {definitions.get(slug).name} level {level}"
        for slug, level in sorted(highest.items(), key=lambda item: ORDER.get(item[0], 99))
    ]
