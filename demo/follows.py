"""Who of the demo world will be a registered member, and their follow graph: the edges their
OAuth-granted follower and following lists would show (heavy-tailed, mostly within their Wes)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q

from members.signals import send_follow_graph_changed
from tweets.models import FollowEdge, Tweet, TweetMention

from . import follow_graph
from .people import Person


def choose_members(rng: random.Random, people: list[Person], count: int) -> list[int]:
    """Account ids of the people who will log in: mostly the most active, plus a quarter of
    occasional tweeters so that dashboards show every level. Most active first."""
    tweeters = sorted((p for p in people if p.tweets and p.profession != "official"), key=lambda p: (-p.tweets, p.id))
    top = tweeters[: count * 3 // 4]
    rest = tweeters[len(top):]
    extra = rng.sample(rest, k=min(len(rest), count - len(top)))
    return [p.id for p in sorted(top + extra, key=lambda p: (-p.tweets, p.id))]


def follow_edges(rng: random.Random, people: list[Person], member_ids: list[int]) -> list[tuple[int, int]]:
    """(follower, followee) pairs touching the members, drawn by demo/follow_graph.py from who
    talks with whom in the archive just built: people who talk follow each other more often
    than strangers, follows are returned and triangles close, as on Twitter."""
    return follow_graph.follow_edges(
        rng,
        [p.id for p in people],
        home={p.id: p.communities[0] if p.communities else None for p in people},
        appeal={p.id: appeal(p) for p in people},
        talks=talk_pairs(),
        members=member_ids,
    )


def talk_pairs() -> list[tuple[int, int]]:
    """(a, b) once per archived tweet in which a replied to or mentioned b, in a fixed order so
    that one seed draws one graph."""
    replies = Tweet.objects.filter(replied_to_author_id__isnull=False, deleted_at__isnull=True)
    return sorted(
        [
            *replies.values_list("author_id", "replied_to_author_id"),
            *TweetMention.objects.values_list("author_id", "mentioned_id"),
        ]
    )


def appeal(person: Person) -> float:
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
