"""Benchmark: the archive importer against a raw COPY of the same rows, back to back in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/import.py --tweets 100000

Generates N tweets as X API v2 JSONL (filtered-stream messages as twarc2 writes them: the tweet,
its author and mentioned users, matching rules; ~1.6 KB a line, skewed authors), imports the file
into a fresh PostgreSQL database through `tweets.importers.import_file` (what `manage.py
import_tweets` runs), then COPYs the same tweet rows (normalised columns + raw payload as text)
into an unindexed table, and prints tweets/s for both, their ratio (goal ≥ 0.35) and peak RSS.
The database is created beside DATABASE_URL's and dropped at the end.
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import orjson

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.35

WORDS = (
    "nurse patient care ward shift team staff night day community health mental learning "
    "student midwife pharmacy practice evidence research safe safety listen support thanks "
    "today tonight question answer share idea change improve quality kindness wellbeing burnout "
    "training mentor placement clinical leadership voice story family carer hospital clinic "
    "district primary service outcome data digital record handover medication dementia "
    "compassion courage commitment resilience workforce recruitment retention education"
).split()
TAGS = ["WeNurses", "WeMidwives", "WeAHPs", "WeStudentNurses", "WeMHNurses", "WeLDNurses",
        "WeCommNurses", "WePharmacists", "NHS", "nursing", "midwifery", "MentalHealth"]
JOBS = ["Nurse", "Midwife", "Student nurse", "Pharmacist", "Physiotherapist", "Health visitor",
        "Mental health nurse", "District nurse", "Matron", "Lecturer", "Researcher", "Ward manager"]
PLACES = ["Leeds", "London", "Cardiff", "Glasgow", "Belfast", "Bristol", "Manchester", "Norwich"]
SOURCES = ["Twitter for iPhone", "Twitter for Android", "Twitter Web App", "TweetDeck"]


# ---------------------------------------------------------------- generating


class World:
    """Authors with skewed activity (a few very active, many occasional) and recent tweets."""

    def __init__(self, authors: int, rng: random.Random):
        self.rng = rng
        self.users = [self._user(i) for i in range(authors)]
        weights = [1 / (rank + 1) ** 1.1 for rank in range(authors)]
        total = 0.0
        self.cumulative = []
        for w in weights:
            total += w
            self.cumulative.append(total)
        self.recent: list[tuple[str, int]] = []  # (tweet id, author index)

    def _user(self, i: int) -> dict:
        rng = self.rng
        handle = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{i}"[:15]
        bio = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        return {
            "id": str(10_000_000 + i * 7919),
            "username": handle,
            "name": f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}",
            "description": f"{rng.choice(JOBS)} in {rng.choice(PLACES)}. {bio}",
            "profile_image_url": f"https://pbs.twimg.com/profile_images/{1000 + i}/{handle}_normal.jpg",
            "protected": False,
            "public_metrics": {"followers_count": rng.randint(10, 20000), "following_count": rng.randint(10, 3000),
                               "tweet_count": rng.randint(100, 90000)},
        }

    def author(self) -> int:
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])


def generate(path: Path, count: int, authors: int, seed: int) -> int:
    """Write `count` stream messages to `path`; returns the bytes written."""
    rng = random.Random(seed)
    world = World(authors, rng)
    moment = datetime(2024, 1, 4, 19, 0, tzinfo=UTC)
    tweet_id = 1_740_000_000_000_000_000
    written = 0
    with path.open("wb") as out:
        for _ in range(count):
            moment += timedelta(milliseconds=rng.randint(50, 4000))
            tweet_id += rng.randint(1 << 22, 1 << 30)
            line = orjson.dumps(_message(world, rng, str(tweet_id), moment)) + b"\n"
            out.write(line)
            written += len(line)
    return written


def _message(world: World, rng: random.Random, tweet_id: str, moment: datetime) -> dict:
    author_index = world.author()
    author = world.users[author_index]
    stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    tags = rng.sample(TAGS, rng.choice([1, 1, 1, 2, 2, 3]))
    mentioned = [world.users[world.author()] for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2]))]
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
    text = " ".join(f"@{u['username']}" for u in mentioned)
    text = f"{text} {words.capitalize()}. " if text else f"{words.capitalize()}. "
    text += " ".join(f"#{t}" for t in tags) + " https://t.co/" + "".join(rng.choices("abcdefghijk0123456789", k=10))
    roll = rng.random()
    refs = []
    users = [author, *mentioned]
    tweet: dict = {}
    if world.recent and roll < 0.45:
        ref_id, ref_author_index = rng.choice(world.recent)
        ref_author = world.users[ref_author_index]
        users.append(ref_author)
        if roll < 0.2:
            refs = [{"type": "retweeted", "id": ref_id}]
            text = f"RT @{ref_author['username']}: {text}"[:140] + "…"
            mentioned = [ref_author, *mentioned]
        elif roll < 0.4:
            refs = [{"type": "replied_to", "id": ref_id}]
            tweet["in_reply_to_user_id"] = ref_author["id"]
            text = f"@{ref_author['username']} {text}"
            mentioned = [ref_author, *mentioned]
        else:
            refs = [{"type": "quoted", "id": ref_id}]
    world.recent.append((tweet_id, author_index))
    if len(world.recent) > 5000:
        world.recent = world.recent[-2500:]
    entities: dict = {
        "hashtags": [{"start": text.find(f"#{t}"), "end": text.find(f"#{t}") + len(t) + 1, "tag": t} for t in tags],
        "urls": [{"start": len(text) - 23, "end": len(text), "url": text[-23:],
                  "expanded_url": "https://wecommunities.org/chats", "display_url": "wecommunities.org/chats"}],
    }
    if mentioned:
        entities["mentions"] = [
            {"start": max(text.find(f"@{u['username']}"), 0), "end": max(text.find(f"@{u['username']}"), 0) + len(u["username"]) + 1,
             "username": u["username"], "id": u["id"]}
            for u in mentioned
        ]
    tweet.update({
        "id": tweet_id,
        "text": text,
        "author_id": author["id"],
        "created_at": stamp,
        "conversation_id": refs[0]["id"] if refs and refs[0]["type"] == "replied_to" else tweet_id,
        "lang": "en",
        "source": rng.choice(SOURCES),
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "edit_history_tweet_ids": [tweet_id],
        "public_metrics": {"retweet_count": rng.randint(0, 40), "reply_count": rng.randint(0, 20),
                           "like_count": rng.randint(0, 200), "quote_count": rng.randint(0, 5),
                           "impression_count": rng.randint(10, 20000)},
        "entities": entities,
    })
    if rng.random() < 0.3:
        tweet["context_annotations"] = [{"domain": {"id": "66", "name": "Interests and Hobbies Category"},
                                         "entity": {"id": "847868745150119936", "name": "Health & wellness"}}]
    if refs:
        tweet["referenced_tweets"] = refs
    unique_users = list({u["id"]: u for u in users}.values())
    return {
        "data": tweet,
        "includes": {"users": unique_users},
        "matching_rules": [{"id": "1740000000000000001", "tag": tags[0].lower()}],
        "__twarc": {"url": "https://api.twitter.com/2/tweets/search/stream", "version": "2.14.0",
                    "retrieved_at": stamp},
    }


# ---------------------------------------------------------------- measuring


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Measured:
    """Wall time, this process's CPU time and, when the server runs on this machine, the CPU
    time of our PostgreSQL backend: on a busy machine the wall-clock ratio drifts with the
    load, the CPU seconds much less."""

    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = cursor.fetchone()[0]

    def server_cpu(self) -> float | None:
        try:
            with open(f"/proc/{self.backend}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None  # the server is elsewhere
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> Measured:
        self.wall, self.cpu, self.server = time.perf_counter(), time.process_time(), self.server_cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        server = self.server_cpu()
        self.server = None if server is None or self.server is None else server - self.server

    def describe(self, count: int) -> str:
        server = f", server CPU {self.server * 1e6 / count:.0f} µs" if self.server is not None else ""
        return f"{count / self.wall:8,.0f}/s (per row: wall {self.wall * 1e6 / count:.0f} µs, client CPU {self.cpu * 1e6 / count:.0f} µs{server})"


def run_import(path: Path, batch_size: int) -> tuple[Measured, object]:
    from tweets.importers import import_file

    with Measured() as measured:
        result = import_file(path, batch_lines=batch_size, batch_tweets=batch_size)
    return measured, result


def baseline_rows(path: Path) -> list[tuple]:
    """The rows the importer writes to the tweet table, made outside the timed part."""
    from tweets.archive import _tweet_rows
    from tweets.payloads import parse_line

    rows: list[tuple] = []
    with path.open("rb") as lines:
        for line in lines:
            rows.extend(_tweet_rows(parse_line(line).tweets))
    return rows


def run_copy(rows: list[tuple], batch_size: int) -> Measured:
    """The same rows by the same binary COPY, in transactions of the same size and commit mode,
    into a table with the same columns and no index or constraint."""
    from django.db import connection, transaction

    from tweets.archive import TWEET_COLUMNS, TWEET_TABLE
    from tweets.models import Tweet
    from tweets.sql import copy, copy_types

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {TWEET_TABLE})")
    with Measured() as measured:
        for start in range(0, len(rows), batch_size):
            with transaction.atomic():
                # Committed as the importer commits (without waiting for the WAL flush).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                copy("bench_copy", TWEET_COLUMNS, copy_types(Tweet, tuple(TWEET_COLUMNS)), rows[start : start + batch_size])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
    return measured


def empty_archive() -> None:
    from django.db import connection

    from tweets.models import Account, DeadLetter, Tweet, TweetHashtag, TweetMention

    tables = [m._meta.db_table for m in (TweetHashtag, TweetMention, Tweet, Account, DeadLetter)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def lean_schema() -> None:
    """What if: the archive without its remaining foreign-key constraint, the tweet's to its
    author (checked row by row at commit). The hashtag and mention rows lost theirs in tweets
    migration 0008, and the redundant indexes went in 0007. For comparison only."""
    from django.db import connection

    from tweets.models import Tweet, TweetHashtag, TweetMention

    tables = [m._meta.db_table for m in (Tweet, TweetHashtag, TweetMention)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)", [tables]
        )
        for name, table in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")


# ---------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=100_000)
    parser.add_argument("--authors", type=int, help="default: one per 10 tweets")
    parser.add_argument("--repeat", type=int, default=1, help="runs of both, alternating; medians reported")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--with-receivers", action="store_true",
                        help="keep tweets_archived receivers connected (chat attribution, badges)")
    parser.add_argument("--lean-schema", action="store_true",
                        help="what if: drop the tweet's foreign-key constraint to its author first")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/import.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    bench_url, bench_db = _bench_database(url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("EMAIL_URL", "console://")
    os.environ.setdefault("DEFAULT_FROM_EMAIL", "bench@localhost")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    if not args.with_receivers:
        # Downstream work on each batch (chat attribution, badge updates) is enqueued in
        # production and measured by its own benchmarks; without Redis it would run inline here.
        from tweets.signals import tweets_archived

        tweets_archived.receivers.clear()
        tweets_archived.sender_receivers_cache.clear()

    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs"
          + ("  (busy machine: the wall-clock ratio will drift; compare the CPU figures)" if load > (os.cpu_count() or 1) else ""))
    try:
        call_command("migrate", verbosity=0)
        if args.lean_schema:
            lean_schema()
            print("WHAT IF: lean schema (the tweet's foreign key to its author dropped)")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "tweets.jsonl"
            started = time.perf_counter()
            size = generate(path, args.tweets, args.authors or max(10, args.tweets // 10), args.seed)
            print(f"generated {args.tweets:,} tweets as v2 JSONL: {size / 1e6:.1f} MB, "
                  f"{size / args.tweets:,.0f} B/line, in {time.perf_counter() - started:.1f} s")
            print(f"peak RSS after generating: {peak_rss_mb():.0f} MB")
            imports: list[Measured] = []
            copies: list[Measured] = []
            rows: list[tuple] = []
            for run in range(args.repeat):
                empty_archive()
                measured, result = run_import(path, args.batch_size)
                imports.append(measured)
                if run == 0:
                    print(f"import: {result.lines:,} lines, {result.counts}")
                    print(f"peak RSS after importing (the importer's own): {peak_rss_mb():.0f} MB")
                    rows = baseline_rows(path)
                copies.append(run_copy(rows, args.batch_size))
                print(f"run {run + 1}: importer {args.tweets / measured.wall:,.0f} tweets/s, "
                      f"raw COPY {len(rows) / copies[-1].wall:,.0f} rows/s")
            importer = sorted(imports, key=lambda m: m.wall)[len(imports) // 2]
            copy = sorted(copies, key=lambda m: m.wall)[len(copies) // 2]
            ratio = (args.tweets / importer.wall) / (len(rows) / copy.wall)
            print()
            print(f"importer (parse + archive.write, indexed tables): {importer.describe(args.tweets)}")
            print(f"raw COPY (same tweet rows + raw text, no indexes): {copy.describe(len(rows))}")
            print(f"ratio: {ratio:.2f} (goal ≥ {GOAL})  {'OK' if ratio >= GOAL else 'BELOW GOAL'}")
            if importer.server is not None and copy.server is not None:
                # On idle cores the parser thread overlaps the server's work: the slower side bounds the rate.
                bound = max(importer.cpu / args.tweets, importer.server / args.tweets)
                print(f"CPU-bound estimate on idle cores: importer ≤ {1 / bound:,.0f} tweets/s "
                      f"(the busier of client and server), raw COPY server CPU {copy.server * 1e6 / len(rows):.0f} µs/row")
    finally:
        connections.close_all()
        _drop_database(url, bench_db)


def _bench_database(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlsplit(url)
    name = f"mywe_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
