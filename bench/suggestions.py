"""Benchmark: Suggested Follows, refreshed for all members and for one member after their
follow graph is read, against a per-member loop measured in the same run; then the offline
evaluation table on the same world.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/suggestions.py

Builds the planted world of tests/suggestions/planted.py at scale (default 5,000 accounts in
six Wes, 1,000 registered members, 60,000 conversational tweets, 20 chats per We, the follow
graph from demo/follow_graph.py) through the real archive writer, into a database created
beside DATABASE_URL's and dropped at the end (--keep keeps it, --reuse NAME runs on it again).

1. full refresh: topics rebuilt, then every member's suggestions in chunks of 500 (the
   nightly task body), then again with the topics kept;
2. one member after a graph read (the follow_graph_changed task body), median of 20 members;
3. the baseline: the same statements run member by member (chunks of one) over a sample,
   scaled to all members; the ratio says what doing it set-based buys;
4. the evaluation table (seed 1).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def calibrate() -> float:
    """Seconds PostgreSQL takes to count 5 million generated rows: shows how busy the machine
    was, since these figures drift with load (bench/badges.py does the same)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 5000000)")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=5_000)
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--talk", type=int, default=60_000, help="conversational tweets")
    parser.add_argument("--chats", type=int, default=20, help="chats per We")
    parser.add_argument("--sample", type=int, default=40, help="members in the per-member baseline")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", metavar="NAME")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/suggestions.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    if args.reuse:
        bench_url, bench_db = urlunsplit(urlsplit(url)._replace(path=f"/{args.reuse}")), args.reuse
    else:
        bench_url, bench_db = _bench_database(url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from suggestions import evaluation, refresh
    from suggestions.models import Suggestion
    from tests.suggestions import planted
    from tweets.signals import tweets_archived

    # The world is derived by hand below (attribution, interactions), timed apart.
    tweets_archived.receivers.clear()
    tweets_archived.sender_receivers_cache.clear()
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            print(
                f"building {args.accounts:,} accounts, {args.members:,} members, {args.talk:,} talk tweets in {bench_db}"
            )
            elapsed, world = timed(
                planted.build,
                seed=args.seed,
                accounts=args.accounts,
                members=args.members,
                wes=6,
                talk_tweets=args.talk,
                chats_per_we=args.chats,
            )
            print(f"  built in {elapsed:.1f} s ({len(world.edges):,} follow edges touching members)")
            elapsed, _ = timed(planted.derive)
            print(f"  derived (attribution, interactions, topics) in {elapsed:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        members = refresh.viewers()
        print(
            f"\nworld: {len(members):,} registered members; machine load: count(generate_series(1, 5M)) "
            f"takes {calibrate():.2f} s"
        )

        full, stored = timed(refresh.refresh, None, rebuild_topics=True)
        print(
            f"full refresh with topics rebuilt: {full:7.2f} s  ({stored:,} rows, {full / len(members) * 1000:.2f} ms/member)"
        )
        warm, _ = timed(refresh.refresh)
        print(f"full refresh, topics kept:        {warm:7.2f} s  ({warm / len(members) * 1000:.2f} ms/member)")

        rng = random.Random(args.seed)
        ones = [timed(refresh.refresh, [m])[0] for m, _a in rng.sample(members, min(20, len(members)))]
        one = statistics.median(ones)
        print(
            f"one member after a graph read:    {one * 1000:7.1f} ms (median of {len(ones)}, max {max(ones) * 1000:.1f})"
        )

        sample = rng.sample(members, min(args.sample, len(members)))
        started = time.perf_counter()
        for member_id, _a in sample:
            refresh.refresh([member_id])
        per_member = (time.perf_counter() - started) / len(sample)
        print(
            f"member by member (baseline):      {per_member * 1000:7.1f} ms/member → {per_member * len(members):.1f} s for all"
        )
        print(f"set-based per member vs member by member: {per_member / (warm / len(members)):.1f} ×")
        shown = Suggestion.objects.filter(different=False).count() / max(len(members), 1)
        print(
            f"stored per member: {shown:.1f} ranked + "
            f"{Suggestion.objects.filter(different=True).count() / max(len(members), 1):.0%} with a 'someone different'"
        )

        print(f"machine load at the end: count(generate_series(1, 5M)) takes {calibrate():.2f} s")
        print("\nevaluation (20% of members' follows among community accounts hidden, seed 1):")
        elapsed, split = timed(evaluation.split, 1)
        table = evaluation.table(split)
        print(evaluation.format_table(table, sum(1 for v in split.hidden if v in split.standings)))
        print(f"  (split and evidence in {elapsed:.1f} s)")
    finally:
        connections.close_all()
        if args.keep or args.reuse:
            print(f"\nkept database {bench_db} (run again with --reuse {bench_db})")
        else:
            _drop_database(url, bench_db)


def _bench_database(url: str) -> tuple[str, str]:
    import psycopg

    name = f"mywe_bench_suggestions_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
