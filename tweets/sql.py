"""SQL plumbing for the modules that look up or write many rows at once (the archive, badges,
chats): one way to bind a list of ids, and bulk writes that travel by binary COPY on PostgreSQL.

Ids travel as one text parameter, whatever their number: an array literal cast to bigint[] on
PostgreSQL, a JSON list read with json_each on SQLite. Built by one join in Python, it is 2–4×
quicker than a Python list, which psycopg quotes element by element (docs/performance.md), and
SQLite's limit on bound parameters never applies.

Many rows go by binary COPY: straight into the table when nothing can conflict, else into a
temporary staging table and from there by one INSERT … SELECT … ON CONFLICT. COPY names each
column's type; they are read from the model, so a migration that changes a column changes them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache

from django.db import connection, models

# From this many values (rows × columns) the staged COPY, four round trips, beats one multi-row
# INSERT, whose values the client quotes one by one. Between ~400 and ~1,500 values the two
# are within the machine's noise of each other; at 10 rows one INSERT takes half the time, at
# 250 rows of accounts COPY takes a third (bench/upserts.py, docs/performance.md).
COPY_FROM_VALUES = 1000

# Django's column types as psycopg names them for binary COPY; varchar(n) travels as text.
COPY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "text": "text",
    "timestamp with time zone": "timestamptz",
    "date": "date",
    "double precision": "float8",
    "jsonb": "jsonb",
    "uuid": "uuid",
}


# ---------------------------------------------------------------- id lists


def in_ids(column: str, ids: Iterable[int]) -> tuple[str, list]:
    """`column IN ids` as a condition and its one parameter."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", ["{" + _joined(ids) + "}"]
    return f"{column} IN (SELECT value FROM json_each(%s))", ["[" + _joined(ids) + "]"]


def ids_table(ids: Iterable[int], alias: str = "ids") -> tuple[str, list]:
    """A FROM item `alias` with one column `id` holding these ids, and its one parameter."""
    if connection.vendor == "postgresql":
        return f"unnest(%s::bigint[]) AS {alias}(id)", ["{" + _joined(ids) + "}"]
    return f"(SELECT value AS id FROM json_each(%s)) AS {alias}", ["[" + _joined(ids) + "]"]


def _joined(ids: Iterable[int]) -> str:
    # int() first: whatever the caller holds, the literal can only ever be a list of integers.
    return ",".join(map(str, map(int, ids)))


# ---------------------------------------------------------------- bulk writes


def insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Rows of `columns` into the model's table, where no row can conflict (children of rows
    this transaction inserted): binary COPY straight into the table on PostgreSQL."""
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        copy(table, columns, copy_types(model, tuple(columns)), rows)
        return
    _values(table, columns, rows, "", None)


def upsert(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], conflict: str,
    returning: str | None = None,
) -> set:
    """INSERT rows of `columns` … `conflict` (an ON CONFLICT clause). With `returning`, the
    values of that column in the rows this statement inserted or changed: a row the conflict
    clause left alone (DO NOTHING, or a DO UPDATE … WHERE that did not hold) is not among them.
    Many rows on PostgreSQL go by COPY into a staging table, then one INSERT … SELECT."""
    if not rows:
        return set()
    table = model._meta.db_table
    if connection.vendor == "postgresql" and len(rows) * len(columns) >= COPY_FROM_VALUES:
        return _staged(model, columns, rows, conflict, returning)
    return _values(table, columns, rows, conflict, returning)


@cache
def copy_types(model: type[models.Model], columns: tuple[str, ...]) -> tuple[str, ...]:
    """The binary COPY type of each of these columns of the model's table (PostgreSQL)."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    types = []
    for column in columns:
        db_type = fields[column].db_type(connection)
        if db_type.startswith("varchar"):
            db_type = "text"
        if db_type not in COPY_TYPES:
            raise ValueError(f"{model._meta.label}.{column}: no binary COPY type for {db_type!r}")
        types.append(COPY_TYPES[db_type])
    return tuple(types)


def copy(table: str, columns: Sequence[str], types: Sequence[str], rows: Iterable[tuple]) -> None:
    """Binary COPY of rows into a table (PostgreSQL): psycopg packs each value in C, about twice
    as fast as the text format."""
    # psycopg's own cursor does the COPY: wrap its errors as Django's (IntegrityError, …).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as pipe:
            pipe.set_types(list(types))
            for row in rows:
                pipe.write_row(row)


def _staged(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple], conflict: str, returning: str | None
) -> set:
    table, cols = model._meta.db_table, ", ".join(columns)
    # One staging table per table and column list: a session may stage different columns of
    # the same table, and CREATE … IF NOT EXISTS would keep the first shape.
    stage = f"stage_{zlib.crc32(cols.encode()):08x}_{table}"[:63]
    with connection.cursor() as cursor:
        # Only the columns we write, without constraints: the target table enforces them.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WITH NO DATA")
        cursor.execute(f"TRUNCATE {stage}")
        copy(stage, columns, copy_types(model, tuple(columns)), rows)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {conflict}{_returning(returning)}")
        return {row[0] for row in cursor.fetchall()} if returning else set()


def _values(table: str, columns: Sequence[str], rows: Sequence[tuple], conflict: str, returning: str | None) -> set:
    """Multi-row INSERTs, as many rows to a statement as the database's parameter limit allows."""
    returned: set = set()
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, _rows_per_statement(len(columns), len(rows))):
            row = "(" + ", ".join(["%s"] * len(columns)) + ")"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * len(chunk))} "
                f"{conflict}{_returning(returning)}",
                _flat(chunk),
            )
            if returning:
                returned.update(r[0] for r in cursor.fetchall())
    return returned


def _returning(column: str | None) -> str:
    return f" RETURNING {column}" if column else ""


def _rows_per_statement(width: int, rows: int) -> int:
    # SQLite caps bound parameters (999 on older builds); PostgreSQL sends this path few rows.
    limit = connection.features.max_query_params
    return max(1, limit // width) if limit else max(1, rows)


def _flat(rows: Sequence[tuple]) -> list:
    # Datetimes as the ORM stores them (naive UTC text on SQLite): the sqlite3 module's own
    # adapter appends "+00:00", and the ORM's comparisons then miss rows at a boundary.
    adapt = connection.ops.adapt_datetimefield_value
    return [adapt(value) if isinstance(value, datetime) else value for row in rows for value in row]


def _chunks(rows: Sequence[tuple], size: int) -> Iterator[Sequence[tuple]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
