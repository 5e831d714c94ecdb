"""Writing badge values and awards in bulk: a full recompute from nothing writes tens of
thousands of each, an archived batch a handful. `tweets.sql` picks the way: many rows on
PostgreSQL by binary COPY into a staging table and one INSERT … ON CONFLICT (about twice as
fast as multi-row INSERTs from a thousand rows, docs/performance.md), a few rows, and every row
elsewhere, by one multi-row INSERT."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection, transaction

from tweets import sql

from . import notifications
from .models import Award, BadgeValue

VALUE_COLUMNS = ["member_id", "badge", "value", "last_at", "updated_at"]
AWARD_COLUMNS = ["member_id", "badge", "level", "value", "reached_at", "awarded_at", "notified_at"]
VALUE_CONFLICT = "ON CONFLICT (member_id, badge) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in ("value", "last_at", "updated_at")
)


def upsert_values(rows: Sequence[tuple]) -> None:
    """Rows of VALUE_COLUMNS: inserted, or replacing the member's value of that badge."""
    sql.upsert(BadgeValue, VALUE_COLUMNS, rows, VALUE_CONFLICT)


def insert_awards(rows: Sequence[tuple]) -> None:
    """Rows of AWARD_COLUMNS; an award already there (a refresh that lost a race) stays as it is."""
    sql.upsert(Award, AWARD_COLUMNS, rows, "ON CONFLICT (member_id, badge, level) DO NOTHING")
    untold = {row[0] for row in rows if row[-1] is None}
    if untold:
        transaction.on_commit(lambda: notifications.untold(untold))


def redate_awards(reached: Sequence[tuple[int, datetime]]) -> None:
    """(award id, reached_at) pairs: the levels stay, their dates move. On PostgreSQL one UPDATE
    joined to the pairs as two array parameters (Django's bulk_update sends a CASE with two
    parameters per row, which costs several times as much at a few hundred rows)."""
    if not reached:
        return
    if connection.vendor != "postgresql":
        Award.objects.bulk_update([Award(pk=pk, reached_at=at) for pk, at in reached], ["reached_at"], batch_size=2_000)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Award._meta.db_table} a SET reached_at = v.reached_at"
            " FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, reached_at) WHERE a.id = v.id",
            [[pk for pk, _ in reached], [at for _, at in reached]],
        )
