"""The demo world's chat calendar: two years of weekly one-hour chats per community at its UK
evening slot, with topics, questions and hosts, plus a few upcoming ones and proposals."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from chats.models import Tweetchat
from tweets.models import Community

from . import talk, vocab
from .people import Person

LONDON = ZoneInfo("Europe/London")
UPCOMING_WEEKS = 4
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(slots=True)
class ChatPlan:
    community: str
    hashtag: str  # as people write it, e.g. #WeNurses
    start: datetime
    topic: str
    questions: list[str]
    hosts: list[Person]
    status: str
    description: str = ""
    size: float = 1.0  # relative number of tweets
    proposer: Person | None = None
    decline_reason: str = ""
    id: int | None = None
    tweets: int = 0
    participants: set[int] = field(default_factory=set)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(hours=1)


def schedule_line(name: str) -> str:
    weekday, at, _, _ = vocab.COMMUNITY_SCHEDULE[name]
    hour = int(at[:2])
    return f"Chats every {WEEKDAYS[weekday]} at {hour - 12 if hour > 12 else hour}pm UK time."


def plan_chats(rng: random.Random, now: datetime, weeks: int, communities: list[tuple],
               members: dict[str, list[Person]], officials: dict[str, Person]) -> list[ChatPlan]:
    """Every community's weekly chats from `weeks` weeks ago to UPCOMING_WEEKS ahead."""
    today = now.astimezone(LONDON).date()
    chats: list[ChatPlan] = []
    for name, display, _, _ in communities:
        weekday, at, size, people = vocab.COMMUNITY_SCHEDULE[name]
        topics = _topic_cycle(rng, name)
        first = today - timedelta(days=7 * weeks)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        pool = [p for p in members.get(name, []) if p.profession != "official"]
        # Guests are drawn towards the active, but many different people host over two years.
        appeal = list(accumulate(p.weight**0.6 for p in pool))
        for week in range(weeks + UPCOMING_WEEKS):
            day = first + timedelta(days=7 * week)
            past = day < today
            # Communities take a break over Christmas, and now and then a week off.
            if _christmas(day) or (past and rng.random() < 0.04):
                continue
            topic = next(topics)
            # Chats grow over the two years; some topics draw a crowd.
            growth = 0.75 + 0.5 * week / max(1, weeks)
            chats.append(ChatPlan(
                community=name, hashtag=display, start=_uk_time(day, at), topic=topic,
                questions=_questions(rng, topic, people), hosts=_hosts(rng, officials[name], pool, appeal),
                status=Tweetchat.Status.ARCHIVED if past else Tweetchat.Status.SCHEDULED,
                size=size * growth * rng.lognormvariate(0, 0.35),
            ))
    for chat in chats:
        chat.description = _description(rng, chat)
    chats.extend(_proposals(rng, today, communities, members))
    chats.sort(key=lambda c: (c.start, c.community))
    return chats


def store_chats(chats: list[ChatPlan]) -> int:
    """Save the plans as Tweetchat rows with their hosts, before any tweet is archived, so that
    attribution on `tweets_archived` finds them. A chat already stored (same community and
    start) is kept as it is. Returns how many were created."""
    by_name = {c.name: c for c in Community.objects.all()}
    existing = {
        (community_id, start): pk
        for pk, community_id, start in Tweetchat.objects.values_list("id", "community_id", "start")
    }
    fresh: list[tuple[ChatPlan, Tweetchat]] = []
    for plan in chats:
        community = by_name[plan.community]
        plan.id = existing.get((community.id, plan.start))
        if plan.id is not None:
            continue
        fresh.append((plan, Tweetchat(
            community=community, start=plan.start, end=plan.end, topic=plan.topic,
            slug=slugify(plan.topic)[:200], description=plan.description, questions=plan.questions,
            status=plan.status, decline_reason=plan.decline_reason,
            proposer_name=plan.proposer.name if plan.proposer else "",
            proposer_handle=plan.proposer.handle if plan.proposer else "",
            proposer_email=f"{plan.proposer.handle.lower()}@example.org" if plan.proposer else "",
        )))
    created = Tweetchat.objects.bulk_create([row for _, row in fresh], batch_size=500)
    Host = Tweetchat.hosts.through
    hosts = []
    for (plan, _), row in zip(fresh, created, strict=True):
        plan.id = row.pk
        hosts.extend(Host(tweetchat_id=row.pk, account_id=person.id) for person in plan.hosts)
    Host.objects.bulk_create(hosts, batch_size=1000, ignore_conflicts=True)
    return len(created)


def _uk_time(day: date, at: str) -> datetime:
    hour, minute = (int(part) for part in at.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def _christmas(day: date) -> bool:
    return (day.month == 12 and day.day >= 23) or (day.month == 1 and day.day <= 2)


def _topic_cycle(rng: random.Random, community: str):
    # Through every topic in a shuffled order, then again: a topic comes back every few months.
    while True:
        topics = list(vocab.TOPICS[community])
        rng.shuffle(topics)
        yield from topics


def topic_phrase(topic: str) -> str:
    """The topic as it reads inside a sentence: lower case unless it starts with an acronym."""
    return topic if len(topic) > 1 and topic[1].isupper() else topic[0].lower() + topic[1:]


def _questions(rng: random.Random, topic: str, people: str) -> list[str]:
    count = rng.randint(4, 6)
    templates = rng.sample(talk.QUESTION_TEMPLATES, k=count - 1)
    templates.append(rng.choice(talk.LAST_QUESTIONS) if rng.random() < 0.7 else rng.choice(
        [t for t in talk.QUESTION_TEMPLATES if t not in templates]))
    return [t.format(topic=topic_phrase(topic), people=people) for t in templates]


def _hosts(rng: random.Random, official: Person, pool: list[Person], appeal: list[float]) -> list[Person]:
    guest = rng.choices(pool, cum_weights=appeal)[0] if pool else official
    roll = rng.random()
    if roll < 0.1 or guest is official:
        return [official]
    if roll < 0.55:
        return [guest]
    if roll < 0.85:
        return [official, guest]
    core = max(pool[:40], key=lambda p: p.weight)
    return [core, guest] if core is not guest else [official, guest]


def _description(rng: random.Random, chat: ChatPlan) -> str:
    names = " and ".join(f"@{h.handle}" for h in chat.hosts)
    return rng.choice([
        f"Join {names} for an hour on {topic_phrase(chat.topic)}. Bring your experience, your questions "
        f"and a cuppa. Follow {chat.hashtag} and answer A1, A2… to each question.",
        f"This week {names} hosts our chat on {topic_phrase(chat.topic)}. Everyone is welcome, whether you "
        "tweet or just read along.",
        f"{chat.topic}: what works, what gets in the way and what we can learn from each other. "
        f"Hosted by {names}.",
    ])


def _proposals(rng: random.Random, today: date, communities: list[tuple],
               members: dict[str, list[Person]]) -> list[ChatPlan]:
    """Guest-host proposals waiting for moderation, and one that was declined."""
    plans = []
    picks = rng.sample(communities, k=min(4, len(communities)))
    for index, (name, display, _, _) in enumerate(picks):
        weekday, at, _, people = vocab.COMMUNITY_SCHEDULE[name]
        pool = [p for p in members.get(name, []) if p.profession != "official"] or [None]
        proposer = rng.choice(pool)
        if proposer is None:
            continue
        day = today + timedelta(days=7 * (UPCOMING_WEEKS + 1) + (weekday - today.weekday()) % 7)
        topic = rng.choice(vocab.TOPICS[name])
        declined = index == len(picks) - 1
        plans.append(ChatPlan(
            community=name, hashtag=display, start=_uk_time(day, at),
            topic=topic, questions=_questions(rng, topic, people), hosts=[proposer],
            status=Tweetchat.Status.DECLINED if declined else Tweetchat.Status.PROPOSED,
            description=f"I'd love to host a chat on {topic_phrase(topic)} and share what our team has learned.",
            proposer=proposer,
            decline_reason="We covered this topic recently; please propose another date or angle." if declined else "",
        ))
    return plans
