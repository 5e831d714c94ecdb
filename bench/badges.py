"""Benchmark: badge metrics, full and incremental, against a naive per-member ORM loop, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mywe .venv/bin/python bench/badges.py

Builds a synthetic world of the `large` demo's shape straight into PostgreSQL with COPY (the demo
builder writes through the real importer and takes over an hour at this size): 50,000 accounts
with the demo's activity weights (Pareto 1.2 capped at 60), 1,000,000 tweets over 104 weeks
(~1.5 KB raw payload each, 30% in chat hours), 5,000 registered members chosen as the demo
chooses them, 832 weekly chats with attribution by `chats.attribution`, the members' follow graph,
WeBlog posts and comments. Then, back to back:

1. full recompute (`compute_badges --all`: community members + every badge for every member),
   first into empty badge tables, then again when nothing changed;
2. incremental update after a batch of 1,000 new tweets and 5 deletion notices (`--deletions`)
   written by `tweets.archive.write`: the badges receiver of `tweets_archived` called with what
   the signal sent, which runs the `badges.update_for_tweets` task body inline (whom the batch
   touches, then their badges);
3. the naive baseline: for a random sample of members, each badge computed per member with the
   ORM (the obvious first implementation), scaled to all members; its results are checked
   against the set-based ones.

Goals (issue 16): full ≤ 10 s, incremental ≤ 0.2 s, set-based ≥ 100× faster per member than the naive loop.
The database is created beside DATABASE_URL's and dropped at the end (--keep keeps it, and
--reuse NAME runs again on a kept one without generating).
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

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"full": 10.0, "incremental": 0.2, "ratio": 100.0}  # issue 16
COMMUNITIES = ["wenurses", "wemidwives", "weahps", "westudentnurses", "wemhnurses", "weldnurses",
               "wecommnurses", "wepharmacists"]
ACCOUNT_BASE = 10**15
TWEET_BASE = 1_600_000_000_000_000_000


# ---------------------------------------------------------------- the synthetic world


class Shape:
    def __init__(self, accounts: int, tweets: int, members: int, weeks: int) -> None:
        self.accounts, self.tweets, self.members, self.weeks = accounts, tweets, members, weeks


def generate(shape: Shape, seed: int) -> dict:
    """Every row of the world as numpy arrays and lists, deterministic for a seed."""
    rng = np.random.default_rng(seed)
    n_acc, n = shape.accounts, shape.tweets
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(weeks=shape.weeks)
    outsiders = int(n_acc * 0.05)  # the last 5%: tweet, but never with a community hashtag
    # Activity as the demo draws it (demo/people.py): Pareto(1.2) capped at 60 for
    # professionals, 25 for the eight official accounts (the first eight), 1 for outsiders.
    weights = np.minimum(rng.pareto(1.2, n_acc) + 1, 60.0)
    weights[: len(COMMUNITIES)] = 25.0
    weights[n_acc - outsiders :] = 1.0
    p = weights / weights.sum()

    # Chats: each community weekly at 20:00 UTC on its own weekday.
    chats = []
    for c in range(len(COMMUNITIES)):
        first = start + timedelta(days=(c % 5 - start.weekday()) % 7)
        first = first.replace(hour=20)
        for w in range(shape.weeks):
            at = first + timedelta(weeks=w)
            if at + timedelta(hours=1) < now:
                chats.append((c, at))
    chats.sort(key=lambda x: x[1])

    authors = rng.choice(n_acc, size=n, p=p)
    in_chat = rng.random(n) < 0.3
    chat_of = rng.integers(0, len(chats), size=n)
    span = (now - start).total_seconds()
    offsets = rng.random(n) * span
    chat_starts = np.array([(at - start).total_seconds() for _, at in chats])
    chat_offsets = chat_starts[chat_of] + rng.uniform(-15 * 60, 75 * 60, size=n)
    seconds = np.where(in_chat, chat_offsets, offsets)
    order = np.argsort(seconds, kind="stable")
    authors, in_chat, chat_of, seconds = authors[order], in_chat[order], chat_of[order], seconds[order]
    outsider = authors >= n_acc - outsiders

    roll = rng.random(n)
    kind = np.where(roll < 0.45, 0, np.where(roll < 0.75, 1, np.where(roll < 0.95, 2, 3)))  # orig reply rt quote
    kind[0] = 0
    back = np.minimum(rng.geometric(0.0005, size=n), np.arange(n))
    ref = np.arange(n) - back
    kind[back == 0] = 0
    self_reply = (kind == 1) & (rng.random(n) < 0.1)
    deleted = rng.random(n) < 0.005
    home = authors % len(COMMUNITIES)
    other_tag = rng.integers(0, len(COMMUNITIES), size=n)
    tag1 = np.where(in_chat, np.array([c for c, _ in chats])[chat_of], np.where(rng.random(n) < 0.7, home, other_tag))
    untagged = outsider | (~in_chat & (rng.random(n) < 0.08))
    second_tag = (~untagged) & (rng.random(n) < 0.15)
    tag2 = rng.integers(0, len(COMMUNITIES), size=n)
    mention_roll = rng.random(n)
    mention_other = rng.choice(n_acc + 2000, size=n, p=np.append(p * 0.9, np.full(2000, 0.1 / 2000)))

    # Registered members as the demo chooses them (demo/follows.py): three quarters the
    # most active tweeters, a quarter drawn from the rest; never the official accounts.
    counts = np.bincount(authors, minlength=n_acc)
    eligible = np.arange(len(COMMUNITIES), n_acc - outsiders)
    by_activity = eligible[np.argsort(-counts[eligible], kind="stable")]
    top = shape.members * 3 // 4
    rest = rng.choice(by_activity[top:], size=shape.members - top, replace=False)
    members = np.concatenate([by_activity[:top], rest])

    # Follow edges of the members: heavy-tailed counts, popular accounts followed more.
    edges: set[tuple[int, int]] = set()
    for m in members.tolist():
        following = int(min(n_acc // 2, 8 + (rng.pareto(1.4) + 1) * 15))
        followers = int(min(n_acc // 2, 4 + weights[m] * rng.uniform(1.5, 5)))
        for other in rng.choice(n_acc + 2000, size=following, p=np.append(p * 0.95, np.full(2000, 0.05 / 2000))).tolist():
            if other != m:
                edges.add((m, other))
        for other in rng.choice(n_acc, size=followers, p=p).tolist():
            if other != m:
                edges.add((other, m))

    hosts = [rng.choice(members if rng.random() < 0.4 else n_acc - outsiders, size=rng.integers(1, 3)).tolist()
             for _ in chats]
    return {
        "now": now, "start": start, "chats": chats, "hosts": hosts, "members": members.tolist(),
        "authors": authors, "seconds": seconds, "kind": kind, "ref": ref, "self_reply": self_reply,
        "deleted": deleted, "tag1": tag1, "tag2": tag2, "untagged": untagged, "second_tag": second_tag,
        "mention_roll": mention_roll, "mention_other": mention_other, "edges": sorted(edges),
        "n_acc": n_acc, "rng": rng,
    }


def account_id(i: int) -> int:
    return ACCOUNT_BASE + i


def load(world: dict, shape: Shape) -> None:
    """COPY the world into the (migrated, empty) database, then attribute chats and ANALYZE."""
    from django.db import connection

    from chats import attribution as chat_attribution

    now, start = world["now"], world["start"]
    filler = "x" * 1400
    cursor = connection.cursor().cursor

    def copy(table: str, columns: list[str], rows) -> int:
        count = 0
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                count += 1
        return count

    t = time.perf_counter()
    copy("tweets_community", ["name", "slug", "hashtag", "display_hashtag", "colour", "description", "created_at"],
         ((c, c, c, f"#{c}", "#005eb8", "", now) for c in COMMUNITIES))
    members = world["members"]
    copy("auth_user", ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
                       "is_staff", "is_active", "date_joined"],
         ((k + 1, "!", False, f"member{k}", "", "", "", False, True, now) for k in range(len(members))))
    member_of = {acc: k + 1 for k, acc in enumerate(members)}
    n_acc = world["n_acc"]
    copy("tweets_account", ["id", "handle", "name", "bio", "avatar_url", "protected", "member_id"],
         ((account_id(i), f"user{i}", f"User {i}", "Nurse. Views my own.", "", False, member_of.get(i))
          for i in range(n_acc + 2000)))
    print(f"  communities, {len(members):,} members, {n_acc + 2000:,} accounts  ({time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    a, sec, kind, ref = world["authors"], world["seconds"], world["kind"], world["ref"]
    self_reply, deleted = world["self_reply"], world["deleted"]
    kinds = ["original", "reply", "retweet", "quote"]
    ids = TWEET_BASE + np.arange(len(a)) * 1000

    def tweet_rows():
        for k in range(len(a)):
            author = int(a[k])
            kd = int(kind[k])
            r = int(ref[k])
            ref_author = int(a[r])
            if kd == 1 and self_reply[k]:
                ref_author = author
            row = [int(ids[k]), account_id(author), start + timedelta(seconds=float(sec[k])), "", kinds[kd], "en", None,
                   None, None, None, None, None, None, f'{{"id":"{ids[k]}","text":"{filler}"}}', now,
                   now if deleted[k] else None]
            if kd == 1:
                row[7], row[8] = int(ids[r]), account_id(ref_author)
            elif kd == 2:
                row[11], row[12] = int(ids[r]), account_id(ref_author)
            elif kd == 3:
                row[9], row[10] = int(ids[r]), account_id(ref_author)
            yield row

    copy("tweets_tweet", ["id", "author_id", "created_at", "text", "kind", "lang", "conversation_id", "replied_to_id",
                          "replied_to_author_id", "quoted_id", "quoted_author_id", "retweeted_id",
                          "retweeted_author_id", "raw", "archived_at", "deleted_at"], tweet_rows())
    print(f"  {len(a):,} tweets  ({time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    tag1, tag2, untagged, second = world["tag1"], world["tag2"], world["untagged"], world["second_tag"]

    def hashtag_rows():
        for k in np.flatnonzero(~deleted).tolist():
            at = start + timedelta(seconds=float(sec[k]))
            author = account_id(int(a[k]))
            if untagged[k]:
                yield (int(ids[k]), "nhs", author, at)
                continue
            yield (int(ids[k]), COMMUNITIES[tag1[k]], author, at)
            if second[k] and tag2[k] != tag1[k]:
                yield (int(ids[k]), COMMUNITIES[tag2[k]], author, at)

    n_tags = copy("tweets_tweethashtag", ["tweet_id", "tag", "author_id", "created_at"], hashtag_rows())
    roll, other = world["mention_roll"], world["mention_other"]

    def mention_rows():
        for k in np.flatnonzero(~deleted).tolist():
            at = start + timedelta(seconds=float(sec[k]))
            author = int(a[k])
            kd = int(kind[k])
            targets = []
            if kd in (1, 2):  # a reply names whom it replies to; a retweet reads "RT @author:"
                targets.append(author if kd == 1 and self_reply[k] else int(a[ref[k]]))
            if (kd == 0 and roll[k] < 0.3) or (kd in (1, 3) and roll[k] < 0.2):
                targets.append(int(other[k]))
            for target in dict.fromkeys(targets):
                yield (int(ids[k]), account_id(target), f"user{target}", account_id(author), at)

    n_mentions = copy("tweets_tweetmention", ["tweet_id", "mentioned_id", "handle", "author_id", "created_at"],
                      mention_rows())
    print(f"  {n_tags:,} hashtags, {n_mentions:,} mentions  ({time.perf_counter() - t:.1f} s)")

    t = time.perf_counter()
    chats = world["chats"]
    copy("chats_tweetchat", ["id", "community_id", "start", '"end"', "topic", "slug", "description", "questions",
                              "status", "decline_reason", "proposer_name", "proposer_handle", "proposer_email",
                              "created_at"],
         ((i + 1, c + 1, at, at + timedelta(hours=1), f"Chat {i}", f"chat-{i}", "", "[]", "archived", "", "", "", "",
           now) for i, (c, at) in enumerate(chats)))
    copy("chats_tweetchat_hosts", ["tweetchat_id", "account_id"],
         ((i + 1, account_id(h)) for i, hs in enumerate(world["hosts"]) for h in dict.fromkeys(hs)))
    copy("tweets_followedge", ["follower_id", "followee_id", "read_at"],
         ((account_id(f), account_id(e), start + timedelta(days=(f * 7 + e) % (shape.weeks * 7)))
          for f, e in world["edges"]))
    rng = random.Random(7)
    posts = []
    for i in range(1000):
        status = rng.choices(["published", "declined", "draft", "submitted"], [70, 10, 10, 10])[0]
        at = start + timedelta(seconds=rng.random() * (now - start).total_seconds())
        posts.append((i + 1, f"Post {i}", f"post-{i}", "Body", "<p>Body</p>", "Body", rng.randint(1, len(members)),
                      status, "", at, at, at if status != "draft" else None, at if status == "published" else None))
    copy("blog_post", ["id", "title", "slug", "body", "body_html", "summary", "author_id", "status", "decline_reason",
                       "created_at", "updated_at", "submitted_at", "published_at"], posts)
    copy("blog_comment", ["post_id", "author_id", "body", "body_html", "created_at", "hidden_at", "hidden_reason"],
         ((rng.randint(1, 1000), rng.randint(1, len(members)), "Thanks", "<p>Thanks</p>",
           start + timedelta(days=rng.random() * shape.weeks * 7), now if rng.random() < 0.05 else None, "")
          for _ in range(5000)))
    attributed = chat_attribution.attribute_all()
    with connection.cursor() as c:
        for table in ("auth_user", "chats_tweetchat", "blog_post"):
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # As autovacuum would after a bulk load: statistics, and the visibility map for
        # index-only scans.
        c.execute("VACUUM ANALYZE")
    print(f"  {len(chats)} chats, {len(world['edges']):,} follow edges, {attributed:,} chat attributions, "
          f"blog  ({time.perf_counter() - t:.1f} s)")


def activity() -> tuple[list[int], list[int], list[int], set[int]]:
    """(authors, their tweet counts, accounts that never tweeted, community members) from the
    archive: new batches are drawn from the world as it is."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT author_id, count(*) FROM tweets_tweet GROUP BY author_id")
        rows = cursor.fetchall()
        cursor.execute("SELECT id FROM tweets_account a WHERE NOT EXISTS (SELECT 1 FROM tweets_tweet t WHERE t.author_id = a.id)")
        silent = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT DISTINCT author_id FROM tweets_tweethashtag WHERE tag <> 'nhs'")
        community = {r[0] for r in cursor.fetchall()}
    return [r[0] for r in rows], [r[1] for r in rows], silent, community


def new_batch(world: tuple[list[int], list[int], list[int], set[int]], size: int, newcomers: int, seed: int,
              deletions: int = 0):
    """A batch of `size` new tweets drawn like the archive's, `newcomers` of them by accounts
    that tweet with a community hashtag for the first time, and `deletions` notices for
    archived tweets, as parsed records."""
    from tweets.models import Tweet
    from tweets.payloads import AccountRecord, DeletionRecord, Parsed, TweetRecord

    rng = random.Random(seed)
    accounts, counts, silent, community = world
    authors = rng.choices(accounts, weights=counts, k=size)
    recent = list(Tweet.objects.order_by("-id").values_list("id", "author_id")[:5000])
    next_id = recent[0][0] + 1_000_000 + seed * 10_000
    # Newcomers: accounts known only from mentions and follow lists, tweeting a community
    # hashtag for the first time (the members who engaged with or follow them are touched).
    fresh = rng.sample(silent, min(newcomers, len(silent)))
    # A batch follows the last one in time, as the stream delivers them (a batch reaching back
    # before tweets already counted is the backfill case, measured by the tests, not here).
    latest = Tweet.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    now = max(datetime.now(UTC), latest + timedelta(milliseconds=1))
    records, profiles = [], [AccountRecord(id=f, handle=f"user{f}", profile_at=now) for f in fresh]
    for k in range(size):
        author = fresh[k] if k < len(fresh) else authors[k]
        roll = rng.random()
        referenced_id, referenced_author = rng.choice(recent)
        mentions = ()
        kwargs = {}
        if roll < 0.3:
            kwargs = {"kind": "reply", "replied_to_id": referenced_id, "replied_to_author_id": referenced_author}
            mentions = ((referenced_author, "x"),)
        elif roll < 0.5:
            kwargs = {"kind": "retweet", "retweeted_id": referenced_id, "retweeted_author_id": referenced_author}
            mentions = ((referenced_author, "x"),)
        elif roll < 0.55:
            kwargs = {"kind": "quote", "quoted_id": referenced_id, "quoted_author_id": referenced_author}
        elif roll < 0.7:
            mentions = ((rng.choices(accounts, weights=counts)[0], "x"),)
        records.append(TweetRecord(
            id=next_id + k, author_id=author, created_at=now + timedelta(milliseconds=20 * k), text="#WeNurses",
            # Those who never used a community hashtag (outsiders) keep to their own.
            hashtags=(rng.choice(COMMUNITIES),) if author in community or k < len(fresh) else ("nhs",),
            mentions=mentions, raw="{}", **kwargs,
        ))
    return Parsed(tweets=records, accounts=profiles, deletions=_deletions(rng, deletions, DeletionRecord))


def _deletions(rng: random.Random, wanted: int, record) -> list:
    """Deletion notices for `wanted` visible archived tweets drawn uniformly from the generated
    ones (so their authors are drawn by activity, as the stream's notices are): the prolific
    authors, with the longest histories, are the ones most often named."""
    from django.db import connection

    if not wanted:
        return []
    chosen: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM tweets_tweet WHERE id < %s", [TWEET_BASE * 2])
        generated = (cursor.fetchone()[0] - TWEET_BASE) // 1000 + 1
        # Drawn until enough are still visible: a world reused by --reuse lost the first
        # draws of each seed to the runs before.
        for _ in range(100):
            candidates = [TWEET_BASE + rng.randrange(generated) * 1000 for _ in range(wanted * 4)]
            cursor.execute(
                "SELECT id, author_id FROM tweets_tweet WHERE id = ANY(%s) AND deleted_at IS NULL", [candidates]
            )
            visible = dict(cursor.fetchall())
            for c in candidates:
                if c in visible and len(chosen) < wanted:
                    chosen[c] = visible[c]
            if len(chosen) == wanted:
                break
    return [record(tweet_id=c, author_id=a) for c, a in chosen.items()]


# ---------------------------------------------------------------- the naive baseline


def naive(member_id: int) -> dict:
    """Every badge of one member with plain per-member ORM code: slug → (value, crossing times)."""
    from badges.definitions import BADGES
    from blog.models import Comment, Post
    from chats.models import ChatTweet, Tweetchat
    from tweets.models import Account, Community, FollowEdge, Tweet, TweetHashtag

    account = Account.objects.get(member_id=member_id)
    tags = list(Community.objects.values_list("hashtag", flat=True))

    def community(ids) -> set[int]:
        return set(TweetHashtag.objects.filter(author_id__in=list(ids), tag__in=tags).values_list("author_id", flat=True))

    items: dict[str, list] = {}
    items["chat-host"] = [(c.start, c.id) for c in Tweetchat.objects.filter(hosts=account, status="archived")]
    chat_ids = set(ChatTweet.objects.filter(author_id=account.id).values_list("chat_id", flat=True))
    items["chats"] = [(c.start, c.id) for c in Tweetchat.objects.filter(id__in=chat_ids, status__in=["scheduled", "archived"])]
    tagged = {}
    for h in TweetHashtag.objects.filter(author_id=account.id, tag__in=tags):
        tagged[h.tweet_id] = (h.created_at, h.tweet_id)
    items["hashtags"] = list(tagged.values())

    pairs: set[tuple] = set()
    tweets = list(Tweet.objects.filter(author=account, deleted_at__isnull=True).prefetch_related("mentions"))
    originals = {t.id: t for t in Tweet.objects.filter(id__in=[t.retweeted_id for t in tweets if t.retweeted_id])}
    for t in tweets:
        if t.kind == "retweet":
            o = originals.get(t.retweeted_id)
            # The rule: whose the payload says it was; else the archived tweet's original author.
            partner = t.retweeted_author_id or ((o.retweeted_author_id or o.author_id) if o else None)
            partners = {partner}
        else:
            partners = {t.replied_to_author_id, t.quoted_author_id} | {m.mentioned_id for m in t.mentions.all()}
        for partner in partners - {None, account.id}:
            pairs.add((t.created_at, t.id, partner))
    members = community({p for _, _, p in pairs})
    items["engagement"] = [(at, tid) for at, tid, p in pairs if p in members]

    followers = list(FollowEdge.objects.filter(followee=account).exclude(follower=account))
    members = community(e.follower_id for e in followers)
    items["followers"] = [(e.read_at, e.id) for e in followers if e.follower_id in members]
    following = list(FollowEdge.objects.filter(follower=account).exclude(followee=account))
    members = community(e.followee_id for e in following)
    items["following"] = [(e.read_at, e.id) for e in following if e.followee_id in members]

    items["blog-comment"] = [(c.created_at, c.id) for c in Comment.objects.filter(
        author_id=member_id, hidden_at__isnull=True, post__status="published")]
    items["weblog"] = [(p.published_at, p.id) for p in Post.objects.filter(
        author_id=member_id, status="published", published_at__isnull=False)]

    result = {}
    for badge in BADGES:
        ordered = sorted(items[badge.slug])
        result[badge.slug] = (len(ordered), {t: ordered[t - 1][0] for t in badge.thresholds if t <= len(ordered)})
    return result


# ---------------------------------------------------------------- the run


def calibrate() -> float:
    """Seconds PostgreSQL takes to count 5 million generated rows: the same on an idle machine
    from run to run, so it shows how busy the machine was (these figures drift with load)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 5000000)")
    return time.perf_counter() - started


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--sample", type=int, default=200, help="members in the naive baseline")
    parser.add_argument("--batches", type=int, default=3, help="1,000-tweet batches for the incremental figure")
    parser.add_argument("--newcomers", type=int, default=5,
                        help="accounts in each batch tweeting a community hashtag for the first time")
    parser.add_argument("--deletions", type=int, default=5,
                        help="deletion notices in each batch for archived tweets (the world's rate: 0.5%%)")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    parser.add_argument("--reuse", metavar="NAME", help="run on a database kept by --keep, without generating")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/badges.py needs DATABASE_URL=postgres://… (it creates and drops its own database)")
    if args.reuse:
        bench_url, bench_db = urlunsplit(urlsplit(url)._replace(path=f"/{args.reuse}")), args.reuse
    else:
        bench_url, bench_db = _bench_database(url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    os.environ.pop("REDIS_URL", None)  # tasks run inline, where we time them
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ.setdefault("EMAIL_URL", "console://")
    os.environ.setdefault("DEFAULT_FROM_EMAIL", "bench@localhost")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecommunities.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from badges import awarding, derived, metrics, touched
    from badges import receivers as badge_receivers
    from badges.definitions import BADGES
    from badges.models import Award, BadgeValue, CommunityMember
    from badges.signals import members_changed
    from chats import attribution as chats
    from tweets import archive
    from tweets.signals import tweets_archived

    # Downstream receivers (chat attribution, dashboards, badges) are run by hand below, so
    # each step is timed on its own. The apps above badges (dashboards, suggestions, CPD,
    # credentials) hear `members_changed` and enqueue tasks of their own, which eager Celery
    # would run inside the badge task's time: they are not part of it, and are left out.
    for signal in (tweets_archived, members_changed):
        signal.receivers.clear()
        signal.sender_receivers_cache.clear()
    shape = Shape(args.accounts, args.tweets, args.members, args.weeks)
    keep = args.keep or bool(args.reuse)
    try:
        call_command("migrate", verbosity=0)
        if not args.reuse:
            print(f"generating a world of {shape.tweets:,} tweets, {shape.accounts:,} accounts, "
                  f"{shape.members:,} members in {bench_db}")
            elapsed, world = timed(generate, shape, args.seed)
            print(f"  generated in {elapsed:.1f} s")
            elapsed, _ = timed(load, world, shape)
            print(f"  loaded in {elapsed:.1f} s")
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM tweets_tweet")
            n_tweets = c.fetchone()[0]
        members = metrics.registered_members()
        print(f"\nworld: {n_tweets:,} tweets, {len(members):,} registered members; machine load: "
              f"count(generate_series(1, 5M)) takes {calibrate():.2f} s")

        # 1. full recompute, from empty badge tables, then again with nothing to change. The
        # world was loaded by COPY, past the archive's signals: rebuild the interactions that
        # each archived batch would have kept, and time that on its own.
        BadgeValue.objects.all().delete()
        Award.objects.all().delete()
        CommunityMember.objects.all().delete()
        rebuild, _ = timed(derived.rebuild)
        print(f"\nrebuilding the derived tables (community members, interactions) from every tweet: {rebuild:6.2f} s")
        with connection.cursor() as cursor:
            # What autovacuum does after bulk inserts: the visibility map lets the incremental
            # queries read the badge tables' indexes alone.
            cursor.execute("VACUUM ANALYZE badges_interaction, badges_communitymember")
        marks: list[tuple[str, float]] = []
        started = time.perf_counter()
        cold, summary = timed(
            awarding.refresh, rebuild=False, on_badge=lambda b: marks.append((b.slug, time.perf_counter()))
        )
        print(f"full recompute, empty badge tables: {cold:6.2f} s  ({summary})")
        steps, previous = [], started
        for slug, at in marks:
            steps.append(f"{slug} {at - previous:.2f}")
            previous = at
        print(f"  community members + {', '.join(steps)}, storing {started + cold - previous:.2f} (s)")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE badges_badgevalue, badges_award")
        warm, summary = timed(awarding.refresh, rebuild=False)
        print(f"full recompute, nothing changed:   {warm:6.2f} s  ({summary})")
        with_rebuild, summary = timed(awarding.refresh)
        print(f"full recompute rebuilding the interactions too: {with_rebuild:6.2f} s  ({summary})")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE badges_interaction, badges_communitymember")

        # 2. incremental after 1,000-tweet batches, each with a few deletion notices: the chats
        # and badges receivers of `tweets_archived` called as the signal calls them, one after the
        # other (badges' runs its task inline: Celery is eager here).
        sent: list[dict] = []
        tweets_archived.connect(lambda sender, **kwargs: sent.append(kwargs), weak=False)
        increments = []
        drawn_from = activity()
        for b in range(args.batches):
            parsed = new_batch(drawn_from, 1000, newcomers=args.newcomers, seed=b + 1, deletions=args.deletions)
            sent.clear()
            write_time, counts = timed(archive.write, parsed, "bench")
            (signal,) = sent
            attribute_time, _ = timed(chats.on_tweets_archived, "tweets.archive", **signal)
            elapsed, _ = timed(badge_receivers.on_tweets_archived, "tweets.archive", **signal)
            n = len(touched.members_of_accounts(signal["account_ids"]))
            increments.append(elapsed)
            print(f"batch {b + 1}: archive.write {write_time:.2f} s ({counts.new} new, {counts.deleted} deleted), chat "
                  f"attribution {attribute_time:.2f} s, badge update {elapsed:.3f} s ({n} members among "
                  f"{len(signal['account_ids'])} accounts)")
        incremental = statistics.median(increments)
        consistent = _incremental_matches_full(awarding, BadgeValue, Award, touched)
        print(f"incremental badge update (median): {incremental:.3f} s; a full recompute afterwards "
              f"{'changes nothing' if consistent else 'CHANGES VALUES: incremental and full disagree'}")

        # 3. the naive per-member loop, over a sample, scaled
        sample = random.Random(args.seed).sample(members, min(args.sample, len(members)))
        started = time.perf_counter()
        naive_results = {m: naive(m) for m in sample}
        naive_time = time.perf_counter() - started
        mismatches = _compare(naive_results, metrics, BADGES)
        naive_per_member = naive_time / len(sample)
        full_per_member = cold / len(members)
        ratio = naive_per_member / full_per_member
        ratio_rebuilding = naive_per_member / ((cold + rebuild) / len(members))
        print(f"\nnaive per-member ORM loop: {len(sample)} members in {naive_time:.1f} s = "
              f"{naive_per_member * 1000:.1f} ms/member → {naive_per_member * len(members):.0f} s for all")
        print(f"set-based full recompute: {full_per_member * 1000:.2f} ms/member "
              f"({(cold + rebuild) / len(members) * 1000:.2f} with the rebuild of the interactions); naive results "
              f"{'agree' if not mismatches else f'DISAGREE for {mismatches} member-badges'}")
        print()
        print(f"full recompute:   {cold:8.2f} s   (goal ≤ {GOALS['full']:.0f} s)  "
              f"{'OK' if cold <= GOALS['full'] else 'ABOVE GOAL'}; {cold + rebuild:.2f} s rebuilding the interactions too")
        print(f"incremental:      {incremental:8.3f} s   (goal ≤ {GOALS['incremental']} s)  "
              f"{'OK' if incremental <= GOALS['incremental'] else 'ABOVE GOAL'}")
        print(f"machine load at the end: count(generate_series(1, 5M)) takes {calibrate():.2f} s")
        print(f"per-member ratio: {ratio:8.0f} ×   (goal ≥ {GOALS['ratio']:.0f} ×)  "
              f"{'OK' if ratio >= GOALS['ratio'] else 'BELOW GOAL'}; {ratio_rebuilding:.0f} × rebuilding the interactions too")
    finally:
        connections.close_all()
        if keep:
            print(f"\nkept database {bench_db} (run again with --reuse {bench_db})")
        else:
            _drop_database(url, bench_db)


def _incremental_matches_full(awarding, BadgeValue, Award, touched) -> bool:
    summary = awarding.refresh()
    return summary.values_changed == summary.awarded == summary.revoked == summary.redated == 0


def _compare(naive_results: dict, metrics, badges) -> int:
    mismatches = 0
    members = list(naive_results)
    for badge in badges:
        measured = metrics.measure(badge, members)
        for m in members:
            value, crossed = naive_results[m][badge.slug]
            got = measured.get(m) or metrics.Measure()
            if (got.value, got.crossed_at) != (value, crossed):
                mismatches += 1
                if mismatches <= 5:
                    print(f"  mismatch {badge.slug} member {m}: naive {value} {crossed}, set-based {got}")
    return mismatches


def _bench_database(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlsplit(url)
    name = f"mywe_bench_badges_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
