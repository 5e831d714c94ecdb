"""What a chat's hosts (and staff) see of their chat: per question, answers over time and the
distinct people answering; replies between participants; newcomers; the tweets that drew most
replies; and how the chat compares with the community's last ten.

Built on the transcript (four queries), plus two grouped queries for the comparison, whatever
the chat's size or the community's history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.utils.safestring import SafeString

from tweets.models import Account, Tweet

from . import transcript as transcripts
from .charts import line_chart
from .community_page import counted
from .models import Tweetchat

COMPARE = 10


@dataclass
class QuestionFigures:
    number: int
    text: str
    answers: int
    people: int
    per_bucket: list[int]


@dataclass
class Figures:
    tweets: int = 0
    participants: int = 0
    first_timers: int = 0
    replies: int = 0


@dataclass
class Analytics:
    chat: Tweetchat
    t: transcripts.Transcript
    questions: list[QuestionFigures] = field(default_factory=list)
    answers_chart: SafeString | str = ""
    replies_between_participants: int = 0
    newcomers: list[Account] = field(default_factory=list)
    newcomers_unnamed: int = 0
    this: Figures = field(default_factory=Figures)
    earlier: list[tuple[Tweetchat, Figures]] = field(default_factory=list)
    average: Figures = field(default_factory=Figures)


def check_access(user, chat: Tweetchat, hosts: list[Account]) -> None:
    """Hosts of the chat (by their X account) and staff; anyone else is refused."""
    if user.is_authenticated and (user.is_staff or any(h.member_id == user.pk for h in hosts)):
        return
    raise PermissionDenied("Only the chat's hosts and staff see its host analytics")


def build(chat: Tweetchat, t: transcripts.Transcript | None = None) -> Analytics:
    t = t or transcripts.build(chat)
    result = Analytics(chat=chat, t=t)
    starts = [start for start, _ in t.buckets]
    per_question: dict[int, list[int]] = defaultdict(lambda: [0] * len(starts))
    people: dict[int, set[int]] = defaultdict(set)
    for entry in t.entries:
        if entry.answers is None:
            continue
        people[entry.answers].add(entry.tweet.author_id)
        index = _bucket(starts, entry.tweet.created_at)
        if index is not None:
            per_question[entry.answers][index] += 1
    result.questions = [
        QuestionFigures(q.number, q.text, q.answers, len(people[q.number]), per_question[q.number]) for q in t.questions
    ]
    if any(q.answers for q in result.questions):
        result.answers_chart = line_chart(
            {f"Q{q.number}": q.per_bucket for q in result.questions},
            transcripts.bucket_labels(t.buckets),
            "Answers to each question per five minutes (UK time)",
            unit="answers",
        )
    host_ids = {e.tweet.author_id for e in t.entries if e.is_host} | {h.id for h in t.hosts}
    authors = {row.author_id for row in t.rows}
    author_of = {row.id: row.author_id for row in t.rows}
    others = authors - host_ids
    result.replies_between_participants = sum(
        1
        for e in t.entries
        if e.tweet.kind == Tweet.Kind.REPLY
        and e.tweet.author_id in others
        and author_of.get(e.tweet.replied_to_id, e.tweet.replied_to_author_id) in others - {e.tweet.author_id}
    )
    result.this, result.earlier = _compare(chat)
    newcomer_ids = _newcomers(chat, authors)
    accounts = {row.author_id: row.author for row in t.rows}
    found = [accounts[i] for i in newcomer_ids if i in accounts]
    result.newcomers = sorted((a for a in found if not a.is_anonymous), key=lambda a: a.handle.lower())
    result.newcomers_unnamed = len(found) - len(result.newcomers)
    if result.earlier:
        n = len(result.earlier)
        result.average = Figures(
            *(round(sum(getattr(f, name) for _, f in result.earlier) / n, 1) for name in Figures.__dataclass_fields__)
        )
    return result


def _bucket(starts: list[datetime], moment: datetime) -> int | None:
    index = None
    for i, start in enumerate(starts):
        if moment >= start:
            index = i
    return index


def _compare(chat: Tweetchat) -> tuple[Figures, list[tuple[Tweetchat, Figures]]]:
    """This chat's figures and those of the community's last ten archived chats before it."""
    earlier = list(
        Tweetchat.objects.past()
        .filter(community_id=chat.community_id, start__lt=chat.start)
        .order_by("-start")[:COMPARE]
    )
    ids = [chat.pk] + [c.pk for c in earlier]
    rows = (
        counted(chat.community)
        .filter(chat_id__in=ids)
        .values("chat_id")
        .annotate(
            tweets=Count("id", filter=~Q(tweet__kind=Tweet.Kind.RETWEET)),
            participants=Count("author_id", distinct=True),
            replies=Count("id", filter=Q(tweet__kind=Tweet.Kind.REPLY)),
        )
    )
    figures = {r["chat_id"]: Figures(r["tweets"], r["participants"], 0, r["replies"]) for r in rows}
    # A person's first chat is the one that started first (ids need not follow dates).
    firsts = Counter(
        counted(chat.community).values("author_id").annotate(first=Min("chat__start")).values_list("first", flat=True)
    )
    for c in [chat, *earlier]:
        if c.pk in figures:
            figures[c.pk].first_timers = firsts.get(c.start, 0)
    return figures.get(chat.pk, Figures()), [(c, figures.get(c.pk, Figures())) for c in earlier]


def _newcomers(chat: Tweetchat, authors: set[int]) -> list[int]:
    """Participants of this chat with no earlier chat in its community."""
    returning = set(
        counted(chat.community)
        .filter(author_id__in=authors, chat__start__lt=chat.start)
        .values_list("author_id", flat=True)
        .distinct()
    )
    return sorted(authors - returning)
