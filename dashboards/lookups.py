"""The reads every #MyWe page makes on each request, in plain SQL.

With the aggregates cached, these few indexed lookups are all a dashboard asks of the database
per request, and building them through the ORM cost several times running them (measured on
SQLite: 1–3 ms to compile a query with subqueries, 0.1 ms to run it) — on pages whose goal is
to stay within twice the time of a bare template view. Parameters are always bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from badges.models import BadgeValue
from tweets.models import Account

from .models import Share

ACCOUNT = Account._meta.db_table
VALUE = BadgeValue._meta.db_table
SHARE = Share._meta.db_table


@dataclass(frozen=True)
class PublicAccount:
    """What a public page shows of a member's X account."""

    id: int
    handle: str
    name: str
    avatar_url: str
    member_id: int


ACCOUNT_FIELDS = ["id", "handle", "name", "avatar_url", "member_id"]


def value_and_shared(member_id: int, slug: str) -> tuple[int, bool, Account | None]:
    """The member's value of one badge (0 if none is stored), whether they share its dashboard,
    and their X account as far as pages show it (the rest deferred): one query, on unique
    indexes."""
    columns = ", ".join(f"a.{f}" for f in ACCOUNT_FIELDS)
    sql = (
        f"SELECT (SELECT value FROM {VALUE} WHERE member_id = %s AND badge = %s), "
        f"EXISTS (SELECT 1 FROM {SHARE} WHERE member_id = %s AND dashboard = %s), {columns} "
        f"FROM (SELECT 1 AS one) one LEFT JOIN {ACCOUNT} a ON a.member_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, slug, member_id, slug, member_id])
        value, shared, *account = cursor.fetchone()
    found = Account.from_db(connection.alias, ACCOUNT_FIELDS, account) if account[0] is not None else None
    return value or 0, bool(shared), found


def public_account(handle: str) -> PublicAccount | None:
    """The registered member's account with this handle, any case (index account_handle_lower).
    Handles can be recycled on X: the newest profile wins."""
    sql = (
        f"SELECT id, handle, name, avatar_url, member_id FROM {ACCOUNT} "
        f"WHERE LOWER(handle) = %s AND member_id IS NOT NULL AND deleted_at IS NULL AND archive_choice = '' "
        f"ORDER BY profile_at DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [handle.lower()])
        row = cursor.fetchone()
    return PublicAccount(*row) if row else None


def shares_and_values(member_id: int) -> tuple[set[str], dict[str, int]]:
    """The dashboards the member shares and their badge values, in one query."""
    sql = (
        f"SELECT 's', dashboard, 0 FROM {SHARE} WHERE member_id = %s "
        f"UNION ALL SELECT 'v', badge, value FROM {VALUE} WHERE member_id = %s"
    )
    shared: set[str] = set()
    values: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, member_id])
        for kind, slug, value in cursor.fetchall():
            if kind == "s":
                shared.add(slug)
            else:
                values[slug] = value
    return shared, values
