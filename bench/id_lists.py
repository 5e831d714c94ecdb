"""Benchmark: binding a list of ids to one statement, `tweets.sql.in_ids` against the other ways.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/id_lists.py [--ids 2000]

Each way selects the ids it was given (`SELECT count(*) FROM unnest(…)`), back to back, through
Django's cursor as the archive and badges use it: the array literal `tweets.sql` sends (one text
parameter), a Python list (psycopg quotes it element by element), `string_to_array` over a comma
list, and one `%s` per id; building the parameters from the ids is timed too. Prints the median
time per statement and each way's ratio to `tweets.sql`. Reads no table: any database will do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ways(ids: list[int]) -> dict[str, tuple[str, Callable[[], list]]]:
    """Each way's statement and how it builds its parameters from the ids."""
    from tweets import sql

    return {
        "tweets.sql (array literal)": ("SELECT count(*) FROM unnest(%s::bigint[])", lambda: sql.in_ids("id", ids)[1]),
        "Python list": ("SELECT count(*) FROM unnest(%s::bigint[])", lambda: [list(ids)]),
        "string_to_array": (
            "SELECT count(*) FROM unnest(string_to_array(%s, ',')::bigint[])", lambda: [",".join(map(str, ids))]
        ),
        "one %s per id": (f"SELECT count(*) FROM (VALUES {', '.join(['(%s)'] * len(ids))}) v(id)", lambda: list(ids)),
    }


def timed(statements: dict[str, tuple[str, Callable[[], list]]], count: int, rounds: int) -> dict[str, float]:
    """Median seconds per statement of each way, building its parameters included. The ways take
    turns within each round, so the machine's drift hits them all alike."""
    from django.db import connection

    samples: dict[str, list[float]] = {name: [] for name in statements}
    with connection.cursor() as cursor:
        for _ in range(rounds):
            for name, (sql, params) in statements.items():
                started = time.perf_counter()
                for _ in range(count):
                    cursor.execute(sql, params())
                    cursor.fetchall()
                samples[name].append((time.perf_counter() - started) / count)
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", type=int, default=2000, help="ids per statement (a stream batch holds ≤ 1000 tweets)")
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/id_lists.py needs DATABASE_URL=postgres://…")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    ids = [1_440_717_170_493_689_866 + 7919 * i for i in range(args.ids)]  # tweet-sized ids
    results = timed(ways(ids), args.statements, args.rounds)
    baseline = results["tweets.sql (array literal)"]
    print(f"{args.ids:,} ids per statement, median of {args.rounds} rounds of {args.statements}; load {os.getloadavg()[0]:.1f}")
    for name, seconds in results.items():
        print(f"{name:28} {seconds * 1e3:7.2f} ms   × {seconds / baseline:.2f}")


if __name__ == "__main__":
    main()
