"""Benchmark: every member's suggested CPD entries, set-based, against the naive per-member
loop in the same run; and the CPD page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/cpd.py [--tweets 200000]

Builds a synthetic world straight into a fresh PostgreSQL database with COPY: 8 communities with
weekly one-hour chats over 104 weeks (832 chats, each with a host), N tweets from 20,000 skewed
authors, 80% of them around chat hours; replies (which mention whom they answer, as X does),
retweets ("RT @…" mentions), now and then a mention of someone else; every 10th author a
registered member (2,000). Chats are attributed by the real `attribute_all()`. Then:

1. `cpd.suggestions.refresh()` for every member at once (one INSERT … SELECT and one DELETE)
   against the obvious ORM loop — per member, per chat: their tweets, each tweet's mentions, the
   replies they got — on a sample of members, scaled per member; both must give the same rows;
2. `refresh([member])` for a median member and for the busiest, as after `members_changed`;
3. the busiest member's CPD page (`/mywe/cpd/`): median time and queries, against rendering
   the bare base template.

Goals: set-based ≥ 50× the naive loop per participation; a median member ≤ 20 ms; the page in ≤ 6 queries.
The database is created beside DATABASE_URL's and dropped at the end.
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
COMMUNITIES = ["wenurses", "wemidwives", "weahps", "westudentnurses", "wemhnurses", "weldnurses", "wecommnurses",
               "wepharmacists"]  # fmt: skip
AUTHORS = 20_000
MEMBER_EVERY = 10
GOALS = {"ratio": 50.0, "one_ms": 20.0, "queries": 6}


def generate(n_tweets: int, weeks: int, seed: int):
    """Tweets in time order with ids rising with time, as X's ids do."""
    rng = random.Random(seed)
    first = datetime(2024, 1, 1, 20, tzinfo=UTC)
    chats = [(tag, first + timedelta(days=7 * w + c)) for c, tag in enumerate(COMMUNITIES) for w in range(weeks)]
    authors = [10_000 + i for i in range(AUTHORS)]
    weights = [1 / (i + 1) ** 0.8 for i in range(AUTHORS)]
    drawn = rng.choices(authors, weights, k=n_tweets)
    moments = []
    for _ in range(n_tweets):
        c = rng.randrange(len(chats))
        tag, start = chats[c]
        if rng.random() < 0.8:
            at = start + timedelta(seconds=rng.randint(-20 * 60, 80 * 60))
        else:
            at = first + timedelta(seconds=rng.randint(0, weeks * 7 * 86400))
        moments.append((at, c, tag))
    moments.sort()
    tweets, hashtags, mentions, by_chat = [], [], [], {}
    for i, (at, c, tag) in enumerate(moments):
        tid, author = 1_000_000 + i, drawn[i]
        earlier = by_chat.setdefault(c, [])
        kind, reply, reply_author, retweet, retweet_author = "original", None, None, None, None
        roll = rng.random()
        if earlier and roll < 0.3:
            kind, (reply, reply_author) = "reply", rng.choice(earlier[-50:])
            mentions.append((tid, reply_author, f"nurse{reply_author}", author, at))
        elif earlier and roll < 0.4:
            kind, (retweet, retweet_author) = "retweet", rng.choice(earlier[-50:])
            mentions.append((tid, retweet_author, f"nurse{retweet_author}", author, at))
        elif roll < 0.5:
            other = rng.choice(authors)
            if other != author:
                mentions.append((tid, other, f"nurse{other}", author, at))
        earlier.append((tid, author))
        tweets.append((tid, author, at, f"A{rng.randint(1, 6)} a thought #{tag}", kind, reply, reply_author, retweet,
                       retweet_author))  # fmt: skip
        hashtags.append((tid, tag, author, at))
    return chats, authors, tweets, hashtags, mentions


def load(chats, authors, tweets, hashtags, mentions) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from chats.models import Tweetchat
    from tweets.models import Community

    communities = {tag: Community.objects.create(name=tag, slug=tag, hashtag=tag) for tag in COMMUNITIES}
    made = Tweetchat.objects.bulk_create(
        Tweetchat(community=communities[tag], start=start, end=start + timedelta(hours=1), topic=f"Topic {n}",
                  slug=f"topic-{n}", questions=[f"Question {q}" for q in range(1, 7)], status=Tweetchat.Status.ARCHIVED)
        for n, (tag, start) in enumerate(chats)
    )  # fmt: skip
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"member{a}", password="!") for a in authors[::MEMBER_EVERY]
    )
    member_of = {a: u.pk for a, u in zip(authors[::MEMBER_EVERY], users, strict=True)}
    with connection.cursor() as cursor:

        def copy(table, columns, rows):
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

        copy("tweets_account", ["id", "handle", "name", "bio", "avatar_url", "protected", "member_id"],
             ((a, f"nurse{a}", f"Nurse {a}", "", "", False, member_of.get(a)) for a in authors))  # fmt: skip
        copy(
            "tweets_tweet",
            ["id", "author_id", "created_at", "text", "kind", "lang", "replied_to_id", "replied_to_author_id",
             "retweeted_id", "retweeted_author_id", "raw", "archived_at"],  # fmt: skip
            ((t[0], t[1], t[2], t[3], t[4], "en", t[5], t[6], t[7], t[8], "", t[2]) for t in tweets),
        )
        copy("tweets_tweethashtag", ["tweet_id", "tag", "author_id", "created_at"], hashtags)
        copy("tweets_tweetmention", ["tweet_id", "mentioned_id", "handle", "author_id", "created_at"], mentions)
        hosts = Tweetchat.hosts.through
        copy(hosts._meta.db_table, ["tweetchat_id", "account_id"], ((c.pk, authors[i % 500]) for i, c in enumerate(made)))
        cursor.execute("ANALYZE")


def naive(member_ids) -> dict:
    """The obvious first implementation: each member, each chat, each tweet through the ORM."""
    from chats.models import ChatTweet, Tweetchat
    from tweets.models import Account, Tweet, TweetMention

    found = {}
    for member_id in member_ids:
        account = Account.objects.filter(member_id=member_id).first()
        if account is None:
            continue
        chat_ids = set(ChatTweet.objects.filter(author_id=account.id).values_list("chat_id", flat=True))
        for chat in Tweetchat.objects.filter(pk__in=chat_ids, status=Tweetchat.Status.ARCHIVED):
            tweets = list(Tweet.objects.filter(chattweet__chat=chat, author=account, deleted_at__isnull=True))
            if not tweets:
                continue
            own = [t for t in tweets if t.kind != Tweet.Kind.RETWEET]
            partners = {t.replied_to_author_id for t in own if t.replied_to_author_id not in (None, account.id)}
            for tweet in own:
                partners.update(
                    m for m in TweetMention.objects.filter(tweet=tweet).values_list("mentioned_id", flat=True)
                    if m != account.id
                )
            got = Tweet.objects.filter(
                replied_to_id__in=[t.id for t in own], chattweet__chat=chat, deleted_at__isnull=True
            ).exclude(author=account)
            partners.update(got.values_list("author_id", flat=True))
            found[(member_id, chat.pk)] = (
                min(t.created_at for t in tweets), max(t.created_at for t in tweets), len(own),
                len(tweets) - len(own), got.count(), len(partners),
            )  # fmt: skip
    return found


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=200_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--sample", type=int, default=40, help="members in the naive baseline")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/cpd.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    import psycopg

    name = f"mywe_bench_cpd_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    os.environ.update(DEBUG="false", LOG_LEVEL="WARNING", ALLOWED_HOSTS="testserver,localhost", SECURE_SSL_REDIRECT="false",
                      STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage")  # fmt: skip
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chats import attribution as chats
    from cpd import log, suggestions
    from cpd.models import Participation

    try:
        call_command("migrate", verbosity=0)
        world = generate(args.tweets, args.weeks, args.seed)
        elapsed, _ = timed(load, *world)
        chats.attribute_all()
        members = list(get_user_model().objects.values_list("pk", flat=True))
        print(f"world: {len(world[2]):,} tweets, {len(world[0])} chats, {len(members):,} members, loaded in {elapsed:.1f} s")

        # The busiest members (the first authors are the most active) and a random draw of the rest.
        sample = members[:5] + random.Random(1).sample(members[5:], args.sample - 5)
        naive_s, expected = timed(naive, sample)
        full_s, _ = timed(suggestions.refresh, None)
        rows = Participation.objects.count()
        got = {
            (p.member_id, p.chat_id): (p.first_at, p.last_at, p.tweets, p.retweets, p.replied_by, p.partners)
            for p in Participation.objects.filter(member_id__in=sample)
        }
        # Per participation (member × chat): the sample leans to the busiest members, the full run does not.
        per_naive, per_set = naive_s / max(1, len(expected)), full_s / max(1, rows)
        print(f"\n1. every member's suggestions: {rows:,} participations of {len(members):,} members in {full_s:.2f} s "
              f"({per_set * 1000:.3f} ms per participation)")  # fmt: skip
        print(f"   naive per-member ORM loop: {len(expected):,} participations of {args.sample} members in {naive_s:.2f} s "
              f"({per_naive * 1000:.2f} ms per participation)")  # fmt: skip
        print(f"   ratio {per_naive / per_set:,.0f}× (goal ≥ {GOALS['ratio']:.0f}×); same rows: {got == expected}")

        ranked = list(Participation.objects.values("member_id").annotate(n=Count("id")).order_by("-n"))
        busiest, median = ranked[0], ranked[len(ranked) // 2]
        for label, who in (("a median member", median), ("the busiest member", busiest)):
            one = statistics.median(timed(suggestions.refresh, [who["member_id"]])[0] for _ in range(5))
            goal = f" (goal ≤ {GOALS['one_ms']:.0f} ms)" if who is median else ""
            print(f"\n2. one member's refresh, {label} ({who['n']} chats): {one * 1000:.1f} ms{goal}")

        client = Client()
        client.force_login(get_user_model().objects.get(pk=busiest["member_id"]))
        client.get("/mywe/cpd/")
        page_times, bare_times = [], []
        for _ in range(7):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/mywe/cpd/")
                page_times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            render_to_string("base.html", {})
            bare_times.append(time.perf_counter() - started)
        page, bare = statistics.median(page_times), statistics.median(bare_times)
        user = get_user_model().objects.get(pk=busiest["member_id"])
        reads = statistics.median(timed(log.page, user)[0] for _ in range(5))
        print(f"\n3. the busiest member's CPD page ({busiest['n']} suggestions): {page * 1000:.0f} ms in {len(queries)} "
              f"queries (goal ≤ {GOALS['queries']}), of which reads {reads * 1000:.0f} ms; bare base template {bare * 1000:.1f} ms, "
              f"ratio {page / bare:,.0f}×")  # fmt: skip
    finally:
        connections.close_all()
        if args.keep:
            print(f"\nkept database {name}")
        else:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
