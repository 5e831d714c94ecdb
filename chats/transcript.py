"""A chat's transcript and its figures, built from four queries whatever the chat's size.

1. the hosts, 2. every visible tweet of the chat with its author (one join, no raw JSON),
3. which participants had tweeted in an earlier chat of the same community, 4. the handles of
the few people who opted out of the archive (tweets/consent.py), masked in every tweet's text.
People who chose "remove" are left out by query 2; "anonymise" keeps their tweets, unnamed.
Everything else — threading, the host's questions and their answers, folded retweets, the
five-minute histogram, top contributors — is worked out in Python from those rows.

Questions are the hosts' tweets that open with "Q1", "Q2", … (after any leading @mentions);
a tweet answers question n when it says "A<n>" or replies directly to the question's tweet.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tweets import consent
from tweets.models import Account, Tweet

from .models import ChatTweet, Tweetchat

QUESTION = re.compile(r"^\s*(?:@\w+\s+)*Q\s?(\d{1,2})\b", re.IGNORECASE)
# Upper case only: "a 1" and "a1" in running text are not answers.
ANSWER = re.compile(r"(?<![\w#@])A(\d{1,2})\b")
BUCKET = timedelta(minutes=5)
TOP = 10
MOST_REPLIED = 5
# Visual nesting stops here; deeper replies still follow their parents in order.
MAX_DEPTH = 5

TWEET_FIELDS = (
    "id",
    "created_at",
    "text",
    "kind",
    "replied_to_id",
    "replied_to_author_id",
    "quoted_id",
    "retweeted_id",
    "retweeted_author_id",
    "author__id",
    "author__handle",
    "author__name",
    "author__avatar_url",
    "author__archive_choice",
)


@dataclass
class Entry:
    """One tweet as the transcript shows it."""

    tweet: Tweet
    depth: int = 0
    question: int | None = None  # the question number, when a host asks it
    answers: int | None = None  # the question number this tweet answers
    is_host: bool = False
    replies: int = 0
    retweets: int = 0
    orphan_reply: bool = False  # a reply to a tweet that is not in the chat (or was deleted)

    @property
    def indent(self) -> int:
        return min(self.depth, MAX_DEPTH)


@dataclass
class Question:
    number: int
    text: str
    entry: Entry | None
    answers: int = 0
    answer_entries: list[Entry] = field(default_factory=list)  # in time order


@dataclass
class Contributor:
    account: Account
    tweets: int


@dataclass
class Transcript:
    chat: Tweetchat
    hosts: list[Account]
    entries: list[Entry] = field(default_factory=list)  # threaded order, retweets folded
    tweets: int = 0  # everything but retweets
    participants: int = 0
    first_timers: int = 0
    replies: int = 0
    retweets: int = 0
    top_contributors: list[Contributor] = field(default_factory=list)
    most_replied: list[Entry] = field(default_factory=list)
    buckets: list[tuple[datetime, int]] = field(default_factory=list)  # (bucket start, tweets)
    questions: list[Question] = field(default_factory=list)
    rows: list[Tweet] = field(default_factory=list)  # every visible tweet in time order (exports)
    proposer_shown: bool = True  # False when the proposer opted out of the archive


def chat_tweets(chat: Tweetchat):
    """The chat's visible tweets with their authors, in time order: one query."""
    return (
        Tweet.objects.filter(chattweet__chat=chat, deleted_at__isnull=True, author__deleted_at__isnull=True)
        .exclude(author__archive_choice=Account.ArchiveChoice.REMOVE)
        .select_related("author")
        .only(*TWEET_FIELDS)
        .order_by("created_at", "id")
    )


def build(chat: Tweetchat) -> Transcript:
    hosts = list(chat.hosts.all())
    rows = list(chat_tweets(chat))
    hidden = consent.hidden_handles()
    redact = consent.redactor(hidden)
    for tweet in rows:  # in memory only: what every part of the page and the exports show
        tweet.text = redact(tweet.text)
    chat.description = redact(chat.description)
    transcript = Transcript(chat=chat, hosts=hosts, rows=rows)
    transcript.proposer_shown = chat.proposer_handle.lstrip("@").lower() not in hidden
    host_ids = {h.id for h in hosts}
    if chat.proposer_handle:
        handle = chat.proposer_handle.lstrip("@").lower()
        host_ids |= {t.author_id for t in rows if t.author.handle.lower() == handle}

    own = [t for t in rows if t.kind != Tweet.Kind.RETWEET]
    entries = {t.id: Entry(tweet=t, is_host=t.author_id in host_ids) for t in own}
    retweet_count = Counter(t.retweeted_id for t in rows if t.kind == Tweet.Kind.RETWEET)
    for tweet_id, count in retweet_count.items():
        if tweet_id in entries:
            entries[tweet_id].retweets = count

    transcript.tweets = len(own)
    transcript.retweets = sum(retweet_count.values())
    transcript.replies = sum(1 for t in own if t.kind == Tweet.Kind.REPLY)
    authors = {t.author_id for t in rows}
    transcript.participants = len(authors)
    transcript.first_timers = len(authors) - _returning(chat, authors)

    transcript.entries = _thread(entries)
    transcript.questions = _questions(chat, entries)
    transcript.most_replied = sorted(
        (e for e in entries.values() if e.replies), key=lambda e: (-e.replies, e.tweet.created_at)
    )[:MOST_REPLIED]
    transcript.top_contributors = _top_contributors(own)
    transcript.buckets = _buckets(chat, own)
    return transcript


def _returning(chat: Tweetchat, authors: set[int]) -> int:
    """How many of this chat's participants took part in an earlier chat of its community."""
    if not authors:
        return 0
    # A scalar subquery with LIMIT 1 rather than EXISTS: PostgreSQL turns EXISTS into a hash join
    # over every attribution of the community (growing with the archive), but evaluates this
    # one per participant as a few probes of the (author_id, chat) index.
    earlier = ChatTweet.objects.filter(
        author_id=OuterRef("author_id"), chat__community_id=chat.community_id, chat__start__lt=chat.start
    ).values("chat_id")[:1]
    return (
        ChatTweet.objects.filter(chat=chat)
        .alias(earlier=Subquery(earlier))
        .filter(earlier__isnull=False)
        .values("author_id")
        .distinct()
        .count()
    )


def _thread(entries: dict[int, Entry]) -> list[Entry]:
    """Replies under what they answer, each level in time order (entries arrive in time order)."""
    children: dict[int, list[Entry]] = defaultdict(list)
    roots: list[Entry] = []
    for entry in entries.values():
        parent = entry.tweet.replied_to_id
        if parent is not None and parent in entries and parent != entry.tweet.id:
            children[parent].append(entry)
            entries[parent].replies += 1
        else:
            entry.orphan_reply = parent is not None
            roots.append(entry)
    ordered: list[Entry] = []
    seen: set[int] = set()
    # Depth-first without recursion: a long reply chain must not hit Python's recursion limit.
    stack = [(entry, 0) for entry in reversed(roots)]
    while stack:
        entry, depth = stack.pop()
        if entry.tweet.id in seen:
            continue
        seen.add(entry.tweet.id)
        entry.depth = depth
        ordered.append(entry)
        stack.extend((child, depth + 1) for child in reversed(children.get(entry.tweet.id, [])))
    return ordered


def _questions(chat: Tweetchat, entries: dict[int, Entry]) -> list[Question]:
    asked: dict[int, Entry] = {}
    for entry in entries.values():  # in time order: a repeated "Q1" keeps the first
        if entry.is_host:
            match = QUESTION.match(entry.tweet.text)
            if match:
                entry.question = int(match.group(1))
                asked.setdefault(entry.question, entry)
    question_of_tweet = {e.tweet.id: n for n, e in asked.items()}
    answered: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries.values():
        if entry.question is not None:
            continue
        match = ANSWER.search(entry.tweet.text)
        number = int(match.group(1)) if match else question_of_tweet.get(entry.tweet.replied_to_id or 0)
        if number is not None:
            entry.answers = number
            answered[number].append(entry)
    planned = list(chat.questions or [])
    numbers = sorted(set(range(1, len(planned) + 1)) | set(asked))
    return [
        Question(
            number=n,
            text=planned[n - 1] if n <= len(planned) else _strip_label(asked[n].tweet.text),
            entry=asked.get(n),
            answers=len(answered[n]),
            answer_entries=answered[n],
        )
        for n in numbers
    ]


def _strip_label(text: str) -> str:
    return QUESTION.sub("", text, count=1).lstrip(" :.)-–").strip()


def _top_contributors(own: list[Tweet]) -> list[Contributor]:
    counts = Counter(t.author_id for t in own)
    accounts = {t.author_id: t.author for t in own}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], accounts[item[0]].handle.lower()))
    return [Contributor(account=accounts[a], tweets=n) for a, n in ranked[:TOP]]


def _buckets(chat: Tweetchat, own: list[Tweet]) -> list[tuple[datetime, int]]:
    lo, hi = chat.window
    count = max(1, int((hi - lo) / BUCKET) + (1 if (hi - lo) % BUCKET else 0))
    tally = [0] * count
    for tweet in own:
        index = int((tweet.created_at - lo) / BUCKET)
        if 0 <= index < count:
            tally[index] += 1
        elif tweet.created_at == hi:
            tally[-1] += 1
    return [(lo + i * BUCKET, n) for i, n in enumerate(tally)]


def by_author(transcript: Transcript, handle: str) -> tuple[Account | None, list[Entry]]:
    """The transcript's entries by the named participant with this handle (?by=), or all of them
    when the handle is not a named participant's."""
    wanted = handle.strip().lstrip("@").lower()
    if wanted:
        for entry in transcript.entries:
            author = entry.tweet.author
            if author.handle.lower() == wanted and not author.is_anonymous:
                return author, [e for e in transcript.entries if e.tweet.author_id == author.id]
    return None, transcript.entries


def bucket_labels(buckets: list[tuple[datetime, int]]) -> list[str]:
    return [timezone.localtime(start, timezone.get_default_timezone()).strftime("%H:%M") for start, _ in buckets]


EXPORT_COLUMNS = (
    "id",
    "created_at",
    "author_id",
    "handle",
    "name",
    "kind",
    "replied_to_id",
    "quoted_id",
    "retweeted_id",
    "question",
    "answers_question",
    "is_host",
    "text",
    "url",
)


def export_rows(transcript: Transcript) -> Iterator[dict]:
    """Every visible tweet of the chat, retweets included, in time order, with the transcript's
    reading of it (question asked, question answered)."""
    marks = {e.tweet.id: e for e in transcript.entries}
    for tweet in transcript.rows:
        entry = marks.get(tweet.id)
        named = not tweet.author.is_anonymous
        yield {
            "id": str(tweet.id),  # as text: X ids exceed what JavaScript numbers hold exactly
            "created_at": tweet.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "author_id": str(tweet.author_id) if named else None,
            "handle": tweet.author.handle if named else None,
            "name": tweet.author.name if named else None,
            "kind": tweet.kind,
            "replied_to_id": _id_text(tweet.replied_to_id),
            "quoted_id": _id_text(tweet.quoted_id),
            "retweeted_id": _id_text(tweet.retweeted_id),
            "question": entry.question if entry else None,
            "answers_question": entry.answers if entry else None,
            "is_host": bool(entry and entry.is_host),
            "text": tweet.text,
            "url": f"https://x.com/{tweet.author.handle or 'i'}/status/{tweet.id}" if named else None,
        }


def _id_text(value: int | None) -> str | None:
    return None if value is None else str(value)
