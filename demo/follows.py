"""Who of the demo world will be a registered member, and their follow graph: the edges their
OAuth-granted follower and following lists would show (heavy-tailed, mostly within their Wes)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.db.models import Q

from members.signals import send_follow_graph_changed
from tweets.models import FollowEdge

from .people import Person


def choose_members(rng: random.Random, people: list[Person], count: int) -> list[int]:
    """Account ids of the people who will log in: mostly the most active, plus a quarter of
    occasional tweeters so that dashboards show every level. Most active first."""
    tweeters = sorted((p for p in people if p.tweets and p.profession != "official"), key=lambda p: (-p.tweets, p.id))
    top = tweeters[: count * 3 // 4]
    rest = tweeters[len(top):]
    extra = rng.sample(rest, k=min(len(rest), count - len(top)))
    return [p.id for p in sorted(top + extra, key=lambda p: (-p.tweets, p.id))]


def follow_edges(rng: random.Random, people: list[Person], member_ids: list[int],
                 members_of: dict[str, list[Person]]) -> list[tuple[int, int]]:
    """(follower, followee) pairs touching the members: whom each follows and who follows them.
    Popular (active) accounts are followed more; seven in ten follows stay within a We."""
    everyone = people
    every_cum = list(accumulate(_appeal(p) for p in everyone))
    cums = {name: list(accumulate(_appeal(p) for p in group)) for name, group in members_of.items()}
    by_id = {p.id: p for p in people}
    edges: set[tuple[int, int]] = set()
    for member in (by_id[i] for i in member_ids):
        following = min(len(everyone) // 2, int(8 + rng.paretovariate(1.4) * 15))
        followers = min(len(everyone) // 2, int(4 + member.weight * rng.uniform(1.5, 5)))
        for count, outwards in ((following, True), (followers, False)):
            for _ in range(count):
                home = rng.choice(member.communities) if member.communities else None
                if home and rng.random() < 0.7:
                    other = rng.choices(members_of[home], cum_weights=cums[home])[0]
                else:
                    other = rng.choices(everyone, cum_weights=every_cum)[0]
                if other is not member:
                    edges.add((member.id, other.id) if outwards else (other.id, member.id))
    return sorted(edges)


def _appeal(person: Person) -> float:
    return 2.0 if person.is_outsider else person.weight


def store_follows(rng: random.Random, edges: list[tuple[int, int]], member_ids: list[int], now: datetime) -> None:
    """Replace the members' edges, as a complete read of their lists does."""
    # The graph of each member was read in the days before the world's "now".
    read = {m: now - timedelta(minutes=rng.randrange(3 * 24 * 60)) for m in member_ids}
    rows = [(follower, followee, read.get(follower) or read.get(followee) or now) for follower, followee in edges]
    table = FollowEdge._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        FollowEdge.objects.filter(Q(follower_id__in=member_ids) | Q(followee_id__in=member_ids)).delete()
        # A large world has ~10⁶ edges: COPY on PostgreSQL, executemany on SQLite, both many
        # times faster than bulk_create.
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (follower_id, followee_id, read_at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"INSERT INTO {table} (follower_id, followee_id, read_at) VALUES (%s, %s, %s)",
                [(a, b, adapt(at)) for a, b, at in rows],
            )
        send_follow_graph_changed(member_ids)
