"""Benchmark: what a month of the demo world costs on X's pay-per-use API, per archive mode and
with follow-graph caps off and on.

    .venv/bin/python bench/x_cost.py                     # SQLite, a throw-away database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/x_cost.py

It builds the demo world's archive at the demo's size (3,000 accounts, 300 members-to-be, its
tweet rate of 150,000 tweets in two years, and its chat calendar) for the last --weeks weeks
into a throw-away database beside DATABASE_URL's, and prices the last 30 days as each mode would
read them, with the rates of settings.X_RATES (tweets/ledger.py) and X's rule that a resource is
charged once per UTC day:

- stream: the filtered stream delivers every post on a community hashtag as it is posted, with
  its expansions (author, referenced posts and their authors, mentioned users);
- chat-hours: each chat's hashtag is polled from 15 minutes before to 30 after (every tweet in
  those windows, read the day it is posted), and the rest is read by X_SWEEPS_PER_DAY sweeps, on
  the day of the sweep after it; "chat-hours, no sweeps" reads the chat windows alone;
- the nightly re-check, in every mode: "before" looked up every tweet of the last 7 days every
  night (7 charges a tweet); now each tweet the day after and a week after (X_RECHECK_WINDOWS);
- follow graphs: each of the 300 members' lists, as long as their profiles say (X returns the
  whole list, not only community accounts), read every day with caps off (the scheduler before
  the caps); with caps on, read at most every X_FOLLOW_GRAPH_EVERY_DAYS and each list up to
  X_FOLLOW_LIST_CAP (their defaults: 30 days, 5,000).
  An upper bound: an account on two lists read the same day is charged once by X, counted twice.

The ledger's counting itself is pinned by the tests against the fake X (tests/tweets/
test_x_costs.py); this prices the demo's month with the same rates and de-duplication rule.
"Chat tweets covered" checks that the mode reads every tweet attributed to a chat: the same
transcripts.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "bench-only")

DAYS = 30
RECHECK_DAYS = 7
SWEEP_HOURS = (0, 6, 12, 18)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=6, help="weeks of the demo world to build (≥ 5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args.weeks, args.seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(weeks: int, seed: int) -> None:
    from demo.world import SIZES, DemoWorld, Size, build_archive

    demo = SIZES["demo"]
    size = Size(accounts=demo.accounts, tweets=demo.tweets * weeks // demo.weeks, weeks=weeks, members=demo.members)
    began = time.monotonic()
    world = DemoWorld(size=size, rng=random.Random(seed))
    build_archive(world)
    end = world.now
    start = end - timedelta(days=DAYS)
    print(f"demo world: {size.accounts:,} accounts, {size.members} members, {size.weeks} weeks built in "
          f"{time.monotonic() - began:.0f} s; pricing {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    month = read_month(start, end, world.made["member_account_ids"])
    print(f"  {len(month.posts):,} tweets on the hashtags, {len(month.windows)} chats, "
          f"{len(month.chat_tweets):,} tweets in their transcripts")
    print()
    rows = []
    before, now = month.recheck_cost(), month.recheck_cost(nights_after=(1, 7))
    for mode in ("stream", "chat-hours", "chat-hours, no sweeps"):
        archive, covered = month.archive_cost(mode)
        for caps in (False, True):
            recheck = now
            follows = month.follow_cost(caps)
            rows.append((mode, "on" if caps else "off", archive, recheck, follows, covered))
    base = rows[0][2] + rows[0][3] + rows[0][4]
    head = f"{'mode':<22}{'caps':>5}{'archive':>11}{'re-check':>11}{'follows':>12}{'total':>12}{'× stream':>10}{'chat tweets':>13}"
    print(head)
    print("-" * len(head))
    for mode, caps, archive, recheck_cost, follows, covered in rows:
        total = archive + recheck_cost + follows
        print(f"{mode:<22}{caps:>5}{money(archive):>11}{money(recheck_cost):>11}{money(follows):>12}"
              f"{money(total):>12}{total / base:>10.3f}{covered:>12.0%}")
    stream_archive = rows[0][2]
    chat_archive = rows[2][2]
    print()
    print(f"archive alone, chat-hours ÷ stream: {chat_archive / stream_archive:.3f}; "
          f"without sweeps: {rows[4][2] / stream_archive:.3f}")
    print(f"re-check: {money(before)} when it asked about the whole week every night, {money(now)} "
          f"asking about each tweet the day after and a week after ({now / before:.3f})")


def money(value) -> str:
    return f"${value:,.2f}"


class Month:
    """The month's posts with what each one's expansions include, the chats' polling windows,
    and the members' list lengths."""

    def __init__(self, posts, windows, chat_tweets, members, end):
        self.posts = posts  # id → (created_at, tags, include post ids, include user ids)
        self.windows = windows  # (hashtag, start, end)
        self.chat_tweets = chat_tweets
        self.members = members  # (followers, following)
        self.end = end

    def archive_cost(self, mode: str):
        from tweets import ledger

        charged: set = set()
        read: set[int] = set()
        cost = 0
        by_tag = defaultdict(list)
        for tag, start, end in self.windows:
            by_tag[tag].append((start, end))
        for post_id, (at, tags, in_posts, in_users) in self.posts.items():
            if mode == "stream":
                day = at.date()
            elif any(s <= at <= e for tag in tags for s, e in by_tag[tag]):
                day = at.date()
            elif mode == "chat-hours":
                day = next_sweep(at).date()
            else:
                continue
            read.add(post_id)
            endpoint = "stream" if mode == "stream" else "search"
            for kind, ids in (("post", [post_id, *in_posts]), ("user", in_users)):
                for resource in ids:
                    if (day, kind, resource) not in charged:
                        charged.add((day, kind, resource))
                        cost += ledger.rate(endpoint, kind)
        covered = len(self.chat_tweets & read) / max(len(self.chat_tweets), 1)
        return cost, covered

    def recheck_cost(self, nights_after=range(1, RECHECK_DAYS + 1)):
        from tweets import ledger

        # A tweet is looked up on each of these nights after it (each a new UTC day, so charged
        # each time); lookups ask for the id alone.
        nights = 0
        for at, *_ in self.posts.values():
            nights += sum(1 for n in nights_after if at + timedelta(days=n) < self.end)
        return nights * ledger.rate("lookup", "post")

    def follow_cost(self, caps: bool):
        from django.conf import settings

        from tweets import ledger

        cap = settings.X_FOLLOW_LIST_CAP if caps else None
        reads = math.ceil(DAYS / settings.X_FOLLOW_GRAPH_EVERY_DAYS) if caps else DAYS
        per_read = 0
        for followers, following in self.members:
            lists = (followers, following) if cap is None else (min(followers, cap), min(following, cap))
            per_read += lists[0] * ledger.rate("followers", "user") + lists[1] * ledger.rate("following", "user")
        return per_read * reads


def next_sweep(at: datetime) -> datetime:
    for hour in SWEEP_HOURS:
        moment = at.replace(hour=hour, minute=7, second=0, microsecond=0)
        if moment > at:
            return moment
    return (at + timedelta(days=1)).replace(hour=SWEEP_HOURS[0], minute=7, second=0, microsecond=0)


def read_month(start: datetime, end: datetime, member_ids: list[int]) -> Month:
    from chats.models import Tweetchat
    from tweets.models import Account, Community, Tweet, TweetHashtag, TweetMention
    from tweets.schedule import POLL_AFTER, POLL_BEFORE

    hashtags = set(Community.objects.values_list("hashtag", flat=True))
    tags = defaultdict(set)
    in_month = {"created_at__gte": start, "created_at__lt": end}
    for tweet_id, tag in TweetHashtag.objects.filter(tag__in=hashtags, **in_month).values_list("tweet_id", "tag"):
        tags[tweet_id].add(tag)
    mentioned = defaultdict(list)
    for tweet_id, user_id in TweetMention.objects.filter(**in_month).values_list("tweet_id", "mentioned_id"):
        mentioned[tweet_id].append(user_id)
    posts = {}
    fields = ("id", "created_at", "author_id", "replied_to_id", "replied_to_author_id", "quoted_id",
              "quoted_author_id", "retweeted_id", "retweeted_author_id")
    for row in Tweet.objects.filter(**in_month).values_list(*fields).iterator(chunk_size=5000):
        tweet_id, at, author, *refs = row
        if tweet_id not in tags:
            continue
        in_posts = [i for i in refs[0::2] if i]
        in_users = {author, *(i for i in refs[1::2] if i), *mentioned[tweet_id]}
        posts[tweet_id] = (at.astimezone(UTC), tags[tweet_id], in_posts, in_users)
    chats = list(
        Tweetchat.objects.on_calendar().filter(start__lt=end, end__gt=start).values_list("community__hashtag", "start", "end")
    )
    windows = [(tag, s - POLL_BEFORE, e + POLL_AFTER) for tag, s, e in chats]
    grace = Tweetchat.GRACE
    chat_tweets = {
        tweet_id for tweet_id, (at, tweet_tags, *_) in posts.items()
        if any(tag in tweet_tags and s - grace <= at <= e + grace for tag, s, e in chats)
    }
    members = list(Account.objects.filter(id__in=member_ids).values_list("followers_count", "following_count"))
    members = [(a or 0, b or 0) for a, b in members]
    return Month(posts, windows, chat_tweets, members, end)


if __name__ == "__main__":
    main()
