"""Benchmark: `tweets.sql.upsert` by one multi-row INSERT against the staged COPY, by batch size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/upserts.py [--rows 10,50,100,250,1000]

For each size, back to back and alternating, upserts that many rows of two real shapes — archive
accounts (nine columns, a bio and an avatar URL: `tweets.archive`) and badge values (five short
columns: `badges.store`) — each row replacing the one before it, ten upserts a transaction,
first all by a multi-row INSERT, then all by COPY into a staging table and one INSERT … SELECT.
Prints the median time per upsert, the ratio INSERT ÷ COPY (above 1: COPY wins) and the number
of bound values (rows × columns), which is what `tweets.sql.COPY_FROM_VALUES` compares. The
database is created beside DATABASE_URL's and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)


def shapes() -> dict[str, tuple[int, Callable[[int, int], None]]]:
    """name → (columns, upsert(rows, generation))."""
    from django.contrib.auth import get_user_model

    from badges import store
    from tweets import archive, sql
    from tweets.models import Account

    user = get_user_model()
    user.objects.bulk_create([user(username=f"member{i}") for i in range(5_000)])
    members = list(user.objects.order_by("pk").values_list("pk", flat=True))
    bio = "Staff nurse in Leeds. Care, wards, night shifts and the team that makes them work."

    def accounts(count: int, generation: int) -> None:
        at = T0 + timedelta(days=generation)
        rows = [
            (i, f"nurse_{i}", f"Nurse {i}", bio, f"https://pbs.twimg.com/profile_images/{i}/n_normal.jpg",
             100 + generation, 50, False, at)
            for i in range(1, count + 1)
        ]
        sql.upsert(Account, archive.ACCOUNT_COLUMNS, rows, archive.ACCOUNT_CONFLICT, returning="id")

    def badge_values(count: int, generation: int) -> None:
        store.upsert_values([(members[i], "chats", generation, T0, T0) for i in range(count)])

    return {"accounts": (len(archive.ACCOUNT_COLUMNS), accounts), "badge values": (5, badge_values)}


def timed(upsert: Callable[[int, int], None], count: int, generation: int, rounds: int) -> float:
    from django.db import transaction

    samples = []
    for round_ in range(rounds):
        started = time.perf_counter()
        with transaction.atomic():
            for step in range(10):
                upsert(count, generation + round_ * 10 + step)
        samples.append((time.perf_counter() - started) / 10)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="10,25,50,100,250,1000", help="batch sizes, comma-separated")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/upserts.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    bench_url, bench_db = _bench_database(url)
    os.environ.update(DATABASE_URL=bench_url, DEBUG="false", DJANGO_SETTINGS_MODULE="wecommunities.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tweets import sql

    try:
        call_command("migrate", verbosity=0)
        print(f"load average {os.getloadavg()[0]:.1f}; COPY_FROM_VALUES = {sql.COPY_FROM_VALUES}")
        threshold, generation = sql.COPY_FROM_VALUES, 0
        for name, (width, upsert) in shapes().items():
            for count in (int(n) for n in args.rows.split(",")):
                results = {}
                for way, limit in (("INSERT", 10**12), ("COPY", 0)):
                    sql.COPY_FROM_VALUES = limit
                    generation += 1_000
                    results[way] = timed(upsert, count, generation, args.rounds)
                sql.COPY_FROM_VALUES = threshold
                print(f"{name:12} {count:5} rows ({count * width:5} values): INSERT {results['INSERT'] * 1e3:6.2f} ms, "
                      f"COPY {results['COPY'] * 1e3:6.2f} ms, INSERT ÷ COPY {results['INSERT'] / results['COPY']:.2f}")
    finally:
        connections.close_all()
        _drop_database(url, bench_db)


def _bench_database(url: str) -> tuple[str, str]:
    import psycopg

    name = f"mywe_bench_upserts_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
