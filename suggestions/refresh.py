"""Computing and storing every member's suggestions, off the request path: nightly for all
members (Celery beat), and for a member after their follow graph is read.

Members go in chunks of CHUNK: each chunk is the same nine evidence statements (see
`evidence`) and two for standings, however many members it holds, then one delete and one
bulk insert in a transaction of its own, so a page never sees a member's list half written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from tweets.models import Account, Community

from . import evidence, panel, ranking, topics
from .models import Dismissal, Suggestion

CHUNK = 500


def viewers(member_ids: Collection[int] | None = None) -> list[tuple[int, int]]:
    """(member id, account id) of registered members: all, or these site users."""
    rows = Account.objects.filter(member__isnull=False)
    if member_ids is not None:
        rows = rows.filter(member_id__in=list(member_ids))
    return sorted(rows.values_list("member_id", "id"))


def hashtags() -> dict[int, str]:
    return dict(Community.objects.values_list("id", "display_hashtag"))


def refresh(member_ids: Collection[int] | None = None, rebuild_topics: bool = False) -> int:
    """Recompute and store the suggestions of these members (all when None); returns how many
    rows were stored. `rebuild_topics` first rebuilds the bio and hashtag topics (nightly)."""
    if rebuild_topics:
        topics.rebuild()
    tags = hashtags()
    stored = 0
    for chunk in _chunks(viewers(member_ids), CHUNK):
        stored += _refresh_chunk(chunk, tags)
    return stored


def _chunks(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def compute(
    chunk: list[tuple[int, int]], tags: dict[int, str], dismissed: dict[int, set[int]]
) -> dict[int, list[ranking.Choice]]:
    """account id of each viewer → their choices, nothing stored."""
    accounts = [a for _m, a in chunk]
    found = evidence.gather(accounts)
    by_viewer: dict[int, dict[int, evidence.Pair]] = defaultdict(dict)
    for (v, c), pair in found.pairs.items():
        by_viewer[v][c] = pair
    standings = evidence.standings(set(accounts) | {c for (_v, c) in found.pairs})
    return {
        a: ranking.choose(
            a, by_viewer.get(a, {}), standings, found.following.get(a, set()) | dismissed.get(a, set()), tags
        )
        for a in accounts
    }


def _refresh_chunk(chunk: list[tuple[int, int]], tags: dict[int, str]) -> int:
    member_of = {a: m for m, a in chunk}
    dismissed: dict[int, set[int]] = defaultdict(set)
    account_of = {m: a for m, a in chunk}
    for member_id, account_id in Dismissal.objects.filter(member_id__in=list(account_of)).values_list(
        "member_id", "account_id"
    ):
        dismissed[account_of[member_id]].add(account_id)
    choices = compute(chunk, tags, dismissed)
    now = timezone.now()
    rows = [
        (
            member_of[a],
            c.account_id,
            c.rank,
            c.score,
            c.different,
            json.dumps(c.reasons),
            "," + "".join(f"{i}," for i in c.communities),
            now,
        )
        for a, chosen in choices.items()
        for c in chosen
    ]
    # Replace, not merge: a member's list is whole from one computation, and the delete and the
    # insert commit together, so a page reads either the old list or the new one.
    with transaction.atomic():
        # Two refreshes of one member (the nightly run and a graph read) would each delete the
        # rows they saw and insert theirs, the second tripping over the first's on the unique
        # key: locking the members' user rows, in id order, makes them take turns.
        list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=list(account_of))
            .order_by("pk")
            .values_list("pk")
        )
        Suggestion.objects.filter(member_id__in=list(account_of)).delete()
        _insert(rows)
        members = list(account_of)
        transaction.on_commit(lambda: panel.bump(members))
    return len(rows)


COLUMNS = ("member_id", "account_id", "rank", "score", "different", "reasons", "communities", "computed_at")


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    table = Suggestion._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement with a column of values per array: bulk_create's multi-row VALUES
            # costs several times more to parse and plan for 15,000 rows.
            columns = list(zip(*rows, strict=True))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) SELECT * FROM unnest("
                "%s::integer[], %s::bigint[], %s::smallint[], %s::float8[], %s::boolean[], %s::jsonb[], "
                "%s::varchar[], %s::timestamptz[])",
                [list(col) for col in columns],
            )
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", rows)


def forget(member_id: int) -> None:
    """What we hold for a member who asked us to delete their data."""
    from .models import OptOut

    Suggestion.objects.filter(member_id=member_id).delete()
    Dismissal.objects.filter(member_id=member_id).delete()
    OptOut.objects.filter(member_id=member_id).delete()
