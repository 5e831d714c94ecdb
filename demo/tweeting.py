"""The demo world's tweets as X API v2 tweet objects, archived through the real importer
(`payloads.parse_payload` → `archive.write`) in search-page-sized batches."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tweets.archive import Counts, write
from tweets.payloads import parse_payload

from .people import Person

TWEPOCH_MS = 1288834974657  # X's snowflake epoch
LINK_CHARACTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(slots=True)
class Made:
    """One generated tweet: its v2 object and what a payload must include alongside it."""

    at: int  # ms since the Unix epoch
    author: Person
    json: dict
    ref: Made | None = None
    mentioned: tuple[Person, ...] = ()

    @property
    def handle(self) -> str:
        return self.author.handle


class Text:
    """Builds a tweet's text and its entities with the right character offsets."""

    __slots__ = ("parts", "pos", "mentions", "hashtags", "people")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.mentions: list[dict] = []
        self.hashtags: list[dict] = []
        self.people: list[Person] = []

    def add(self, text: str) -> Text:
        if text:
            self.parts.append(text)
            self.pos += len(text)
        return self

    def mention(self, person: Person, then: str = " ") -> Text:
        self.mentions.append({"start": self.pos, "end": self.pos + len(person.handle) + 1,
                              "username": person.handle, "id": str(person.id)})
        self.people.append(person)
        return self.add(f"@{person.handle}").add(then)

    def tags(self, tags: list[str]) -> Text:
        for tag in tags:
            self.add(" ")
            self.hashtags.append({"start": self.pos, "end": self.pos + len(tag) + 1, "tag": tag})
            self.add(f"#{tag}")
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Pager:
    """Cuts tweets, in time order, into v2 search pages of `size` and hands each page to `sink`:
    `data`, plus `includes.users` (authors, mentioned and referenced authors) and
    `includes.tweets` (referenced tweets not on the page)."""

    def __init__(self, sink: Callable[[dict], None], size: int = 1000) -> None:
        self.sink = sink
        self.size = size
        self.buffer: list[Made] = []

    def emit(self, tweets: list[Made]) -> None:
        tweets.sort(key=lambda t: t.at)
        self.buffer.extend(tweets)
        while len(self.buffer) >= self.size:
            batch, self.buffer = self.buffer[: self.size], self.buffer[self.size :]
            self._send(batch)

    def close(self) -> None:
        if self.buffer:
            self._send(self.buffer)
            self.buffer = []

    def _send(self, batch: list[Made]) -> None:
        self.sink(page(batch))
        for made in batch:
            # Paged: drop the links back, so reply chains do not keep two years in memory.
            made.ref, made.mentioned = None, ()


class Archiver:
    """Archives pages through the real importer, as `import_tweets` would a search dump."""

    def __init__(self, progress: Callable[[int], None] | None = None) -> None:
        self.counts = Counts()
        self.progress = progress

    def __call__(self, payload: dict | list) -> None:
        self.counts.add(write(parse_payload(payload), source="demo_data"))
        if self.progress:
            self.progress(self.counts.new)


def page(batch: list[Made]) -> dict:
    on_page = {t.json["id"] for t in batch}
    users: dict[int, Person] = {}
    referenced: dict[str, dict] = {}
    for made in batch:
        users[made.author.id] = made.author
        for person in made.mentioned:
            users[person.id] = person
        if made.ref is not None:
            users[made.ref.author.id] = made.ref.author
            if made.ref.json["id"] not in on_page:
                referenced[made.ref.json["id"]] = made.ref.json
    return {
        "data": [t.json for t in batch],
        "includes": {"users": [p.user_json() for p in users.values()], "tweets": list(referenced.values())},
        "meta": {"result_count": len(batch), "newest_id": batch[-1].json["id"], "oldest_id": batch[0].json["id"]},
    }


def v2_ms(ms: int) -> str:
    seconds, milli = divmod(ms, 1000)
    t = time.gmtime(seconds)  # several times faster than datetime.strftime, and this runs per tweet
    return (f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:"
            f"{t.tm_sec:02d}.{milli:03d}Z")


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class Tweeter:
    """Makes v2 tweet objects: ids are snowflakes of their time, so ids sort like times."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seq = 0
        self.made = 0

    def _new(self, author: Person, at: int, text: Text, refs: list[dict], ref: Made | None) -> Made:
        self.seq += 1
        tweet_id = str(((at - TWEPOCH_MS) << 22) | (self.seq & 0x3FFFFF))
        obj: dict = {"id": tweet_id, "text": text.text, "author_id": str(author.id), "created_at": v2_ms(at),
                     "conversation_id": tweet_id, "lang": "en", "edit_history_tweet_ids": [tweet_id]}
        entities = {}
        if text.hashtags:
            entities["hashtags"] = text.hashtags
        if text.mentions:
            entities["mentions"] = text.mentions
        if entities:
            obj["entities"] = entities
        if refs:
            obj["referenced_tweets"] = refs
        author.tweets += 1
        self.made += 1
        return Made(at=at, author=author, json=obj, ref=ref, mentioned=tuple(text.people))

    def original(self, author: Person, at: int, text: Text) -> Made:
        return self._new(author, at, text, [], None)

    def reply(self, author: Person, at: int, parent: Made, body: Text) -> Made:
        # X puts the replied-to handle in front of a reply's text, but not in a self-thread.
        text = Text().mention(parent.author) if parent.author is not author else Text()
        text.parts.extend(body.parts)
        text.mentions += [{**m, "start": m["start"] + text.pos, "end": m["end"] + text.pos} for m in body.mentions]
        text.hashtags += [{**h, "start": h["start"] + text.pos, "end": h["end"] + text.pos} for h in body.hashtags]
        text.people += body.people
        text.pos += body.pos
        made = self._new(author, at, text, [{"type": "replied_to", "id": parent.json["id"]}], parent)
        made.json["conversation_id"] = parent.json["conversation_id"]
        made.json["in_reply_to_user_id"] = str(parent.author.id)
        return made

    def quote(self, author: Person, at: int, quoted: Made, body: Text) -> Made:
        link = "https://t.co/" + "".join(self.rng.choices(LINK_CHARACTERS, k=10))
        start = body.pos + 1
        body.add(" ").add(link)
        made = self._new(author, at, body, [{"type": "quoted", "id": quoted.json["id"]}], quoted)
        made.json.setdefault("entities", {})["urls"] = [{
            "start": start, "end": start + len(link), "url": link,
            "expanded_url": f"https://twitter.com/{quoted.handle}/status/{quoted.json['id']}",
            "display_url": f"twitter.com/{quoted.handle}/s…",
        }]
        return made

    def retweet(self, author: Person, at: int, original: Made) -> Made:
        # X cuts a retweet's own text at 140 characters; its entities are those that survive.
        prefix = f"RT @{original.handle}: "
        full = prefix + original.json["text"]
        text = full if len(full) <= 140 else full[:139] + "…"
        shift = len(prefix)
        body = Text()
        body.parts, body.pos = [text], len(text)
        body.mentions = [{"start": 3, "end": 4 + len(original.handle), "username": original.handle,
                          "id": str(original.author.id)}]
        entities = original.json.get("entities", {})
        for key, target in (("mentions", body.mentions), ("hashtags", body.hashtags)):
            target += [{**e, "start": e["start"] + shift, "end": e["end"] + shift}
                       for e in entities.get(key, []) if e["end"] + shift <= len(text)]
        body.people = [original.author]
        return self._new(author, at, body, [{"type": "retweeted", "id": original.json["id"]}], original)
