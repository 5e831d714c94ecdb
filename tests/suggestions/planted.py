"""A world with planted structure, for the evaluation test and the benchmark: people in small
circles inside their We who talk with each other, join the same chats and share a topic in
their bios; a follow graph from `demo.follow_graph` (talk, reciprocity and closure at published
rates); a share of members whose Following is public. Written through the real archive writer
and chat attribution, deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model

from chats.models import Tweetchat
from demo.follow_graph import follow_edges
from tweets import archive
from tweets.models import Community, FollowEdge
from tweets.payloads import AccountRecord, Parsed, TweetRecord

START = datetime(2024, 1, 4, 20, 0, tzinfo=UTC)  # a Thursday, 8pm
WES = [
    ("WeNurses", "wenurses", "nurse"),
    ("WeMidwives", "wemidwives", "midwife"),
    ("WeAHPs", "weahps", "physio"),
    ("WeStudentNurses", "westudentnurses", "student nurse"),
    ("WeMHNurses", "wemhnurses", "mental health nurse"),
    ("WeLDNurses", "weldnurses", "learning disability nurse"),
]
TOPICS = [
    "sepsis",
    "safe staffing",
    "dementia care",
    "infection control",
    "falls prevention",
    "wound care",
    "end of life",
    "patient safety",
    "perinatal mental health",
    "breastfeeding",
    "stroke rehab",
    "diabetes",
    "frailty",
    "research",
    "digital health",
    "leadership",
    "wellbeing",
    "education",
    "quality improvement",
    "pain management",
    "critical care",
    "public health",
    "workforce",
    "neonatal care",
    "continence",
]
FILLER = ["tea", "running", "books", "dogs", "cats", "football", "gardening", "music", "travel", "baking"]
CIRCLE = 8
ID_BASE = 9_000_000_000


@dataclass
class Planted:
    accounts: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # account ids of registered members
    talks: list[tuple[int, int]] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)


def build(
    seed: int = 1,
    accounts: int = 150,
    members: int = 40,
    wes: int = 3,
    talk_tweets: int = 1500,
    chats_per_we: int = 8,
    share: float = 0.3,
    batch: int = 5_000,
) -> Planted:
    rng = random.Random(seed)
    world = Planted()
    communities = [
        Community.objects.get_or_create(
            slug=slug, defaults={"name": name, "hashtag": slug, "display_hashtag": f"#{name}"}
        )[0]
        for name, slug, _ in WES[:wes]
    ]
    ids = [ID_BASE + i for i in range(accounts)]
    world.accounts = ids
    home = {a: i % wes for i, a in enumerate(ids)}
    circle_of: dict[int, list[int]] = {}
    topic_of: dict[int, str] = {}
    for w in range(wes):
        people = [a for a in ids if home[a] == w]
        rng.shuffle(people)
        for start in range(0, len(people), CIRCLE):
            circle = people[start : start + CIRCLE]
            topic = rng.choice(TOPICS)
            for a in circle:
                circle_of[a], topic_of[a] = circle, topic
    appeal = {a: min(30.0, rng.paretovariate(1.2)) for a in ids}
    records = [
        AccountRecord(
            id=a,
            handle=f"p{a - ID_BASE}",
            name=f"Person {a - ID_BASE}",
            profile_at=START,
            bio=_bio(rng, WES[home[a]][2], topic_of[a] if rng.random() < 0.7 else rng.choice(TOPICS)),
        )
        for a in ids
    ]
    tweets: list[TweetRecord] = []
    next_id = iter(range(ID_BASE * 10, ID_BASE * 11))
    last: dict[int, TweetRecord] = {}

    def tweet(author: int, at: datetime, tags: tuple[str, ...], to: int | None = None, reply: bool = True) -> None:
        target = last.get(to) if to is not None and reply else None
        record = TweetRecord(
            id=next(next_id),
            author_id=author,
            created_at=at,
            text=" ".join(f"#{t}" for t in tags),
            kind="reply" if target else "original",
            replied_to_id=target.id if target else None,
            replied_to_author_id=target.author_id if target else None,
            hashtags=tags,
            mentions=((to, f"p{to - ID_BASE}"),) if to is not None and not target else (),
        )
        tweets.append(record)
        last[author] = record
        if to is not None:
            world.talks.append((author, to))

    for a in ids:  # everyone is a community member, some also tag their topic
        tag = _tag(topic_of[a])
        for k in range(2):
            tweet(
                a,
                START - timedelta(days=30 - k),
                (communities[home[a]].hashtag,) + ((tag,) if rng.random() < 0.5 else ()),
            )
    cum = list(accumulate(appeal[a] for a in ids))
    in_we = {w: [a for a in ids if home[a] == w] for w in range(wes)}
    for _ in range(talk_tweets):
        a = rng.choices(ids, cum_weights=cum)[0]
        roll = rng.random()
        pool = circle_of[a] if roll < 0.7 else in_we[home[a]] if roll < 0.9 else ids
        b = rng.choice(pool)
        if b != a:
            at = START + timedelta(minutes=rng.randrange(20 * 7 * 24 * 60))
            tweet(a, at, (communities[home[a]].hashtag,), to=b, reply=rng.random() < 0.6)
    chats = []
    for w, community in enumerate(communities):
        people = in_we[w]
        for week in range(chats_per_we):
            start = START + timedelta(weeks=week, hours=w)
            host = rng.choice(people)
            chats.append((community, start, host))
            tweet(host, start + timedelta(minutes=1), (community.hashtag,))
            circles = rng.sample(sorted({tuple(circle_of[a]) for a in people}), k=2)
            for a in {x for c in circles for x in c if rng.random() < 0.6} - {host}:
                tweet(a, start + timedelta(minutes=rng.randrange(5, 55)), (community.hashtag,), to=host)
    for start in range(0, len(tweets), batch):
        archive.write(
            Parsed(tweets=tweets[start : start + batch], accounts=records if start == 0 else []), source="planted"
        )
    for community, start, host in chats:
        chat = Tweetchat.objects.create(
            community=community,
            start=start,
            end=start + timedelta(hours=1),
            topic=f"Chat {start:%d %b}",
            slug=f"chat-{start:%Y%m%d%H}",
            status="archived",
        )
        chat.hosts.set([host])
    activity = {a: 0 for a in ids}
    for a, _b in world.talks:
        activity[a] += 1
    world.members = sorted(ids, key=lambda a: (-activity[a], a))[:members]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"planted{a - ID_BASE}") for a in world.members]
    )
    from tweets.models import Account

    for user, a in zip(
        get_user_model().objects.filter(username__in=[u.username for u in users]).order_by("username"),
        sorted(world.members, key=lambda a: f"planted{a - ID_BASE}"),
        strict=True,
    ):
        Account.objects.filter(pk=a).update(member=user)
    world.edges = follow_edges(rng, ids, {a: str(home[a]) for a in ids}, appeal, world.talks, members=world.members)
    FollowEdge.objects.bulk_create([FollowEdge(follower_id=a, followee_id=b) for a, b in world.edges], batch_size=5_000)
    from dashboards.models import Share

    sharing = [a for a in world.members if rng.random() < share]
    Share.objects.bulk_create(
        [
            Share(member_id=m, dashboard="following")
            for m in Account.objects.filter(pk__in=sharing).values_list("member_id", flat=True)
        ]
    )
    return world


def _tag(topic: str) -> str:
    return topic.replace(" ", "")


def _bio(rng: random.Random, profession: str, topic: str) -> str:
    return f"{profession.capitalize()} with an interest in {topic}. {rng.choice(FILLER).capitalize()} and {rng.choice(FILLER)}."


def derive() -> None:
    from badges import derived
    from chats import attribution as chats
    from suggestions import topics

    chats.attribute_all()
    derived.rebuild()
    topics.rebuild()
