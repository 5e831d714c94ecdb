"""The demo world's archive: communities, accounts, the chat calendar, two years of tweets and
the members' follow graph. Tweets and accounts are written through `payloads` and `archive` as
X API v2 payloads, so the demo exercises the real importer.

What later builders read from `world.made`:
- "communities": the eight Community rows;
- "accounts": every Person (id, handle, name, bio, communities, weight, tweets made);
- "officials": community name → the community's own account (a Person);
- "chats": every ChatPlan (its `id` is the Tweetchat's pk; hosts, participants' ids, status);
- "member_account_ids": ids of the accounts that will be registered members, most active first;
- "tweets": the archive's Counts for the demo's tweets.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from chats.attribution import attribute_all
from tweets.archive import Counts, write
from tweets.models import Community
from tweets.payloads import parse_payload
from tweets.signals import tweets_archived

from .activity import Activity
from .chat_plans import LONDON, ChatPlan, plan_chats, schedule_line, store_chats
from .follows import choose_members, follow_edges, store_follows
from .generator import generate_and_archive
from .people import Person, make_people, members_of, v2_time
from .tweeting import Archiver, to_ms


@dataclass(frozen=True)
class Size:
    accounts: int
    tweets: int
    weeks: int
    members: int  # accounts that will log in as registered members


SIZES = {
    "small": Size(accounts=120, tweets=3_000, weeks=8, members=12),
    "demo": Size(accounts=3_000, tweets=150_000, weeks=104, members=300),
    "large": Size(accounts=50_000, tweets=1_000_000, weeks=104, members=5_000),
}

COMMUNITIES = [
    ("WeNurses", "#WeNurses", "#005eb8", "Nurses of every field sharing practice, support and ideas."),
    ("WeMidwives", "#WeMidwives", "#ae2573", "Midwives, students and maternity teams."),
    ("WeAHPs", "#WeAHPs", "#007f3b", "Allied health professionals together."),
    ("WeStudentNurses", "#WeStudentNurses", "#8a4b00", "Student nurses and those who support them."),
    ("WeMHNurses", "#WeMHNurses", "#330072", "Mental health nursing."),
    ("WeLDNurses", "#WeLDNurses", "#006747", "Learning disability nursing."),
    ("WeCommNurses", "#WeCommNurses", "#00567a", "Community and district nursing."),
    ("WePharmacists", "#WePharmacists", "#7c2855", "Pharmacists and pharmacy teams."),
]


def start_of_day(day: date | None = None) -> datetime:
    """Midnight in the UK at the start of `day` (today by default), as UTC: the world's "now".
    Chats before it are archived, chats from it on are scheduled."""
    day = day or datetime.now(LONDON).date()
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


@dataclass
class DemoWorld:
    """What the builders share while they build: the size, one seeded RNG, the world's "now",
    and what earlier builders made (later builders read it, e.g. chats need the communities)."""

    size: Size
    rng: random.Random
    stdout: Any = None
    made: dict[str, Any] = field(default_factory=dict)
    now: datetime = field(default_factory=start_of_day)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def done(self, phase: str, what: str, since: float) -> None:
        self.say(f"  {phase:<12} {what}  ({time.monotonic() - since:.1f} s)")


def build_archive(world: DemoWorld) -> None:
    rng, size = world.rng, world.size
    began = time.monotonic()
    communities = store_communities()
    world.made["communities"] = communities
    world.done("communities", f"{len(communities)}", began)

    began = time.monotonic()
    people = make_people(rng, size.accounts, world.now, COMMUNITIES)
    store_accounts(people, world.now)
    groups = members_of(people)
    officials = {p.handle: p for p in people if p.profession == "official"}
    world.made.update(accounts=people, officials=officials)
    world.done("accounts", f"{len(people):,} X users archived", began)

    began = time.monotonic()
    chats = plan_chats(rng, world.now, size.weeks, COMMUNITIES, groups, officials)
    created = store_chats(chats)
    world.made["chats"] = chats
    statuses = _tally(c.status for c in chats)
    world.done("chats", f"{created:,} stored ({statuses})", began)

    began = time.monotonic()
    with unheard(tweets_archived), without_query_log(), transaction.atomic():
        # One transaction: a per-batch commit costs an fsync on SQLite, and a failed build
        # leaves no half world.
        counts = archive_tweets(world, chats, groups, officials)
    # What the receivers would have done batch by batch, once for the whole archive: the chats'
    # attribution now; the badges' derived rows in the full recompute after the members exist
    # (demo/badges.py), which rebuilds them from the tweets anyway.
    attribute_all()
    world.made["tweets"] = counts
    world.done("tweets", f"{counts.new:,} archived, {counts.deleted} deleted later by their authors", began)

    began = time.monotonic()
    member_ids = choose_members(rng, people, size.members)
    edges = follow_edges(rng, people, member_ids)
    store_follows(rng, edges, member_ids, world.now)
    world.made["member_account_ids"] = member_ids
    world.done("follows", f"{len(edges):,} edges of {len(member_ids)} members-to-be", began)


@contextmanager
def unheard(signal):
    """The signal's receivers disconnected for the block. Per batch, the receivers of
    tweets_archived took more than half the archive's build time (docs/performance.md), mostly
    keeping badges' derived rows up to date for members who did not exist yet."""
    saved = signal.receivers
    signal.receivers = []
    signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        signal.receivers = saved
        signal.sender_receivers_cache.clear()


@contextmanager
def without_query_log():
    """The demo runs with DEBUG on, which logs every query with its parameters: formatting
    them for thousands of bulk statements costs a fifth of the build."""
    with override_settings(DEBUG=False):
        yield


def store_communities() -> list[Community]:
    communities = []
    for name, display, colour, description in COMMUNITIES:
        community, _ = Community.objects.update_or_create(
            hashtag=display.lstrip("#").lower(),
            defaults={"name": name, "slug": name.lower(), "display_hashtag": display, "colour": colour,
                      "description": f"{description} {schedule_line(name)}"},
        )
        communities.append(community)
    return communities


def store_accounts(people: list[Person], now: datetime) -> None:
    """Every account as users-lookup pages (as twarc2 saves them, with the time they were
    read), so accounts that never tweet, seen only in follow lists, exist too."""
    for start in range(0, len(people), 1000):
        page = {"data": [p.user_json() for p in people[start : start + 1000]], "__twarc": {"retrieved_at": v2_time(now)}}
        write(parse_payload(page), source="demo_data")


def archive_tweets(world: DemoWorld, chats: list[ChatPlan], groups: dict[str, list[Person]],
                   officials: dict[str, Person]) -> Counts:
    size = world.size
    step = max(100_000, size.tweets // 10)
    mark = [step]

    def progress(done: int) -> None:
        if size.tweets >= 300_000 and done >= mark[0]:
            world.say(f"  {'':<12} {done:,} of ~{size.tweets:,} tweets")
            mark[0] += step

    # The generator draws from its own RNG, seeded from the world's, so that running it in a
    # second process (demo_pipeline) leaves the world's RNG where running it inline would.
    activity = Activity(random.Random(world.rng.getrandbits(64)), groups, officials)
    archiver = Archiver(progress)
    first_ms = to_ms(world.now) - size.weeks * 7 * 24 * 3600 * 1000
    outcome = generate_and_archive(activity, chats, first_ms, size.weeks, size.tweets, archiver)
    outcome.apply(world.made["accounts"], chats)
    # A compliance event for each tweet its author deleted since: the archive hides it.
    notices = [{"data": {"delete": {"tweet": {"id": tweet_id, "author_id": author_id}}}}
               for tweet_id, author_id in outcome.deletions]
    if notices:
        archiver(notices)
    return archiver.counts


def _tally(values) -> str:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return ", ".join(f"{n:,} {status}" for status, n in counts.items())
