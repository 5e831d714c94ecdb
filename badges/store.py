"""Writing badge values and awards in bulk: a full recompute from nothing writes tens of
thousands of each. On PostgreSQL many rows travel by binary COPY into a temporary table and land
with one INSERT … ON CONFLICT (an order of magnitude faster than multi-row INSERTs); a few rows,
and every row elsewhere, go through Django's bulk_create."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from .models import Award, BadgeValue

BATCH = 2_000
# Below this many rows one multi-row INSERT beats the four round trips of the COPY path.
COPY_FROM = 500
VALUE_COLUMNS = ["member_id", "badge", "value", "last_at", "updated_at"]
AWARD_COLUMNS = ["member_id", "badge", "level", "value", "reached_at", "awarded_at", "notified_at"]


def upsert_values(rows: Sequence[tuple]) -> None:
    """Rows of VALUE_COLUMNS: inserted, or replacing the member's value of that badge."""
    if not rows:
        return
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        BadgeValue.objects.bulk_create(
            [BadgeValue(**dict(zip(VALUE_COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH,
            update_conflicts=True, unique_fields=["member", "badge"], update_fields=["value", "last_at", "updated_at"],
        )
        return
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("value", "last_at", "updated_at"))
    _copy_insert(BadgeValue, VALUE_COLUMNS, rows, f"ON CONFLICT (member_id, badge) DO UPDATE SET {updates}")


def insert_awards(rows: Sequence[tuple]) -> None:
    """Rows of AWARD_COLUMNS; an award already there (a refresh that lost a race) stays as it is."""
    if not rows:
        return
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        Award.objects.bulk_create(
            [Award(**dict(zip(AWARD_COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH, ignore_conflicts=True
        )
        return
    _copy_insert(Award, AWARD_COLUMNS, rows, "ON CONFLICT (member_id, badge, level) DO NOTHING")


# Binary COPY names each column's type: Django's column types in PostgreSQL's short names.
BINARY_TYPES = {"integer": "int4", "bigint": "int8", "smallint": "int2", "timestamp with time zone": "timestamptz"}


def _binary_types(model, columns: list[str]) -> list[str]:
    fields = {f.column: f for f in model._meta.concrete_fields}
    types = []
    for column in columns:
        db_type = fields[column].db_type(connection)
        types.append("text" if db_type.startswith("varchar") else BINARY_TYPES[db_type])
    return types


def _copy_insert(model, columns: list[str], rows: Sequence[tuple], conflict: str) -> None:
    table = model._meta.db_table
    types = _binary_types(model, columns)
    stage = f"stage_{table}"
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        # Only the columns we write, without constraints: the target table enforces them.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA")
        cursor.execute(f"TRUNCATE {stage}")
        # Binary COPY: psycopg packs each value in C, about twice as fast as the text format.
        with cursor.cursor.copy(f"COPY {stage} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {conflict}")
