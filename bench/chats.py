"""Benchmark: chat attribution and the transcript page, against naive baselines in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/chats.py [--tweets 200000]

Builds a synthetic world straight into a fresh PostgreSQL database with COPY: 8 communities with
weekly one-hour chats over 104 weeks (832 chats), N tweets from 20,000 skewed authors, 80% of
them around chat hours (some just outside the 15 minutes' grace), the rest spread over the two
years; replies, retweets, a second hashtag now and then, the host's Q1…Q6. Then, back to back:

1. `chats.attribution.attribute_all()` (one INSERT … SELECT per 200 chats) against the naive per-tweet ORM
   loop (find the tweet's hashtags, the matching chat, `get_or_create` the attribution) on a
   sample, scaled; both must attribute the same tweets;
2. `chats.attribution.attribute_batch()` for a new batch of 1,000 tweets, as after each archived batch;
3. the biggest chat's transcript page (`chats.views.chat`): median time and query count,
   against rendering the bare base template.

Goals: set-based ≥ 50× the naive loop per tweet; a 1,000-tweet batch ≤ 0.2 s; the transcript in
4 queries. The database is created beside DATABASE_URL's and dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
COMMUNITIES = [
    "wenurses",
    "wemidwives",
    "weahps",
    "westudentnurses",
    "wemhnurses",
    "weldnurses",
    "wecommnurses",
    "wepharmacists",
]
GOALS = {"ratio": 50.0, "batch": 0.2, "queries": 4}


def generate(n_tweets: int, weeks: int, seed: int):
    """Tweets in time order with ids rising with time, as X's ids do and as the archive mostly
    receives them, so a chat's rows sit together on disk as they would in production."""
    rng = random.Random(seed)
    first = datetime(2024, 1, 1, 20, tzinfo=UTC)
    chats = [(c, tag, first + timedelta(days=7 * w + c)) for c, tag in enumerate(COMMUNITIES) for w in range(weeks)]
    authors = [10_000 + i for i in range(20_000)]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(authors))]
    drawn = rng.choices(authors, weights, k=n_tweets)
    moments = []
    for _ in range(n_tweets):
        c, tag, start = rng.choice(chats)
        if rng.random() < 0.8:  # around a chat, some of it just outside the grace
            at = start + timedelta(seconds=rng.randint(-30 * 60, 90 * 60))
        else:
            at = first + timedelta(seconds=rng.randint(0, weeks * 7 * 86400))
        moments.append((at, c, tag))
    moments.sort()
    tweets, hashtags, by_chat = [], [], {}
    for i, (at, c, tag) in enumerate(moments):
        tid = 1_000_000 + i
        earlier = by_chat.setdefault(c, [])
        kind, reply, retweet = "original", None, None
        roll = rng.random()
        if earlier and roll < 0.3:
            kind, reply = "reply", rng.choice(earlier[-50:])
        elif earlier and roll < 0.4:
            kind, retweet = "retweet", rng.choice(earlier[-50:])
        earlier.append(tid)
        text = f"A{rng.randint(1, 6)} a thought about practice #{tag}"
        tweets.append((tid, drawn[i], at, text, kind, reply, retweet))
        hashtags.append((tid, tag, drawn[i], at))
        second = rng.choice(COMMUNITIES + ["nhs", "nursing"])
        if rng.random() < 0.1 and second != tag:
            hashtags.append((tid, second, drawn[i], at))
    return chats, authors, tweets, hashtags


def load(chats, authors, tweets, hashtags) -> None:
    from django.db import connection
    from django.utils.text import slugify

    from chats.models import Tweetchat
    from tweets.models import Community

    communities = {tag: Community.objects.create(name=tag, slug=tag, hashtag=tag) for tag in COMMUNITIES}
    Tweetchat.objects.bulk_create(
        Tweetchat(
            community=communities[tag],
            start=start,
            end=start + timedelta(hours=1),
            topic=f"Topic {n}",
            slug=slugify(f"topic {n}"),
            questions=[f"Question {q}" for q in range(1, 7)],
            status=Tweetchat.Status.ARCHIVED,
        )
        for n, (_, tag, start) in enumerate(chats)
    )
    with connection.cursor() as cursor:

        def copy(table, columns, rows):
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

        copy(
            "tweets_account",
            ["id", "handle", "name", "bio", "avatar_url", "protected"],
            ((a, f"nurse{a}", f"Nurse {a}", "", "", False) for a in authors),
        )
        copy(
            "tweets_tweet",
            [
                "id",
                "author_id",
                "created_at",
                "text",
                "kind",
                "lang",
                "replied_to_id",
                "retweeted_id",
                "raw",
                "archived_at",
            ],
            ((t[0], t[1], t[2], t[3], t[4], "en", t[5], t[6], "", t[2]) for t in tweets),
        )
        copy("tweets_tweethashtag", ["tweet_id", "tag", "author_id", "created_at"], hashtags)
        cursor.execute("ANALYZE")


def naive_attribute(tweet_ids) -> None:
    """The obvious first implementation: one tweet at a time through the ORM."""
    from chats.models import ChatTweet, Tweetchat
    from tweets.models import Tweet

    for tweet in Tweet.objects.filter(id__in=tweet_ids):
        for tag in tweet.hashtags.values_list("tag", flat=True):
            for chat in Tweetchat.objects.filter(
                community__hashtag=tag,
                status__in=["scheduled", "archived"],
                start__lte=tweet.created_at + Tweetchat.GRACE,
                end__gte=tweet.created_at - Tweetchat.GRACE,
            ):
                ChatTweet.objects.get_or_create(chat=chat, tweet=tweet, defaults={"author_id": tweet.author_id})


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=200_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--sample", type=int, default=2_000, help="tweets in the naive baseline")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/chats.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    import psycopg

    name = f"mywe_bench_chats_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    os.environ.update(
        DEBUG="false",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver,localhost",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("EMAIL_URL", "console://")
    os.environ.setdefault("DEFAULT_FROM_EMAIL", "bench@localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from chats import attribution as chats
    from chats import views
    from chats.models import ChatTweet, Tweetchat

    try:
        call_command("migrate", verbosity=0)
        world = generate(args.tweets, args.weeks, args.seed)
        elapsed, _ = timed(load, *world)
        print(f"world: {len(world[2]):,} tweets, {len(world[0])} chats, loaded in {elapsed:.1f} s")

        sample = [t[0] for t in random.Random(1).sample(world[2], args.sample)]
        naive_s, _ = timed(naive_attribute, sample)
        naive_rows = set(ChatTweet.objects.values_list("chat_id", "tweet_id"))
        ChatTweet.objects.all().delete()
        full_s, added = timed(chats.attribute_all)
        sampled = set(ChatTweet.objects.filter(tweet_id__in=sample).values_list("chat_id", "tweet_id"))
        same = sampled == naive_rows
        naive_rate, set_rate = args.sample / naive_s, len(world[2]) / full_s
        print(f"\n1. attribution of every chat: {added:,} attributions in {full_s:.2f} s ({set_rate:,.0f} tweets/s)")
        print(f"   naive per-tweet ORM loop: {args.sample:,} tweets in {naive_s:.2f} s ({naive_rate:,.0f} tweets/s)")
        print(f"   ratio {set_rate / naive_rate:,.0f}× (goal ≥ {GOALS['ratio']:.0f}×); same attributions: {same}")

        batch = [t[0] for t in world[2][-1000:]]
        ChatTweet.objects.filter(tweet_id__in=batch).delete()
        batch_s, batch_added = timed(chats.attribute_batch, batch)
        print(
            f"\n2. a new batch of 1,000 tweets: {batch_added} attributions in {batch_s * 1000:.0f} ms "
            f"(goal ≤ {GOALS['batch'] * 1000:.0f} ms)"
        )

        biggest = Tweetchat.objects.select_related("community").annotate(n=Count("chattweet")).order_by("-n").first()
        url_path = biggest.get_absolute_url()
        community, day, slug = url_path.strip("/").split("/")[1:]
        request = RequestFactory().get(url_path)
        request.user = AnonymousUser()
        page_times, bare_times = [], []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                views.chat(request, community, datetime.fromisoformat(day).date(), slug)
                page_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            render_to_string("base.html", {}, request)
            bare_times.append(time.perf_counter() - started)
        page, bare = statistics.median(page_times), statistics.median(bare_times)
        print(
            f"\n3. transcript of the biggest chat ({biggest.n:,} tweets): {page * 1000:.0f} ms in "
            f"{len(queries)} queries (goal {GOALS['queries']}); bare base template {bare * 1000:.1f} ms, "
            f"ratio {page / bare:,.0f}×"
        )
    finally:
        connections.close_all()
        if args.keep:
            print(f"\nkept database {name}")
        else:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
