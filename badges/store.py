"""Writing badge values and awards in bulk: a full recompute from nothing writes tens of
thousands of each. On PostgreSQL rows travel by COPY into a temporary table and land with one
INSERT … ON CONFLICT (an order of magnitude faster than multi-row INSERTs); elsewhere through
Django's bulk_create."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from .models import Award, BadgeValue

BATCH = 2_000
VALUE_COLUMNS = ["member_id", "badge", "value", "last_at", "updated_at"]
AWARD_COLUMNS = ["member_id", "badge", "level", "value", "reached_at", "awarded_at", "notified_at"]


def upsert_values(rows: Sequence[tuple]) -> None:
    """Rows of VALUE_COLUMNS: inserted, or replacing the member's value of that badge."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        BadgeValue.objects.bulk_create(
            [BadgeValue(**dict(zip(VALUE_COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH,
            update_conflicts=True, unique_fields=["member", "badge"], update_fields=["value", "last_at", "updated_at"],
        )
        return
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("value", "last_at", "updated_at"))
    _copy_insert(BadgeValue._meta.db_table, VALUE_COLUMNS, rows, f"ON CONFLICT (member_id, badge) DO UPDATE SET {updates}")


def insert_awards(rows: Sequence[tuple]) -> None:
    """Rows of AWARD_COLUMNS; an award already there (a refresh that lost a race) stays as it is."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Award.objects.bulk_create(
            [Award(**dict(zip(AWARD_COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH, ignore_conflicts=True
        )
        return
    _copy_insert(Award._meta.db_table, AWARD_COLUMNS, rows, "ON CONFLICT (member_id, badge, level) DO NOTHING")


def _copy_insert(table: str, columns: list[str], rows: list[tuple], conflict: str) -> None:
    stage = f"stage_{table}"
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        # Only the columns we write, without constraints: the target table enforces them.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA")
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {conflict}")
