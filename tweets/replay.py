"""Replaying an archive file through the buffer at a multiple of real time, as if it were the
stream: the demo shows a chat arriving live this way, and tests and benchmarks feed the pipeline.

Lines go out in file order, each when its tweet's time comes (scaled by `speed`; 0 means as fast
as possible). A search page (twarc2 line with many tweets) is split into one stream-shaped
message per tweet, with the users and tweets it refers to, so a chat arrives tweet by tweet. Any
other line (stream messages, v1.1 statuses, deletions, even malformed lines) goes out unchanged.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from .payloads import parse_v1_time, parse_v2_time

# Lines due within this much of each other go to the buffer together.
WINDOW = 0.05
MAX_GROUP = 1000


@dataclass
class Replayed:
    lines: int = 0
    seconds: float = 0.0


def replay(
    path: str | Path,
    sink,
    speed: float = 60.0,
    retime: bool = False,
    source: str | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    on_sent: Callable[[int], None] | None = None,
) -> Replayed:
    """Send the file's messages to `sink.append`, paced by their tweets' times.

    retime: give each tweet the time it is sent at (created_at rewritten), so an old chat looks
    like one happening now."""
    source = source or f"replay {Path(path).name}"
    done = Replayed()
    started = clock()
    started_utc = datetime.now(UTC)
    first: datetime | None = None
    group: list[bytes] = []
    group_due = 0.0

    def flush() -> None:
        if group:
            sink.append(group, source=source)
            done.lines += len(group)
            if on_sent is not None:
                on_sent(done.lines)
            group.clear()

    for moment, obj, line in messages(read_lines(path)):
        due = started
        if moment is not None and speed > 0:
            first = first or moment
            due = started + max(0.0, (moment - first).total_seconds()) / speed
        if group and (due - group_due > WINDOW or len(group) >= MAX_GROUP):
            flush()
        if not group:
            group_due = due
            wait = due - clock()
            if wait > 0:
                sleep(wait)
        if retime and obj is not None and moment is not None:
            line = retimed(obj, started_utc + timedelta(seconds=due - started))
        group.append(line)
    flush()
    done.seconds = clock() - started
    return done


def read_lines(path: str | Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        for line in handle:
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield line


def messages(lines: Iterable[bytes]) -> Iterator[tuple[datetime | None, dict | None, bytes]]:
    """(tweet time or None, parsed object or None, bytes to send) for each message."""
    for line in lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            yield None, None, line  # sent as is: the archive task dead-letters it
            continue
        if isinstance(obj, dict) and isinstance(obj.get("data"), list):
            for tweet_message in split_page(obj):
                yield time_of(tweet_message), tweet_message, orjson.dumps(tweet_message)
        else:
            yield time_of(obj), (obj if isinstance(obj, dict) else None), line


def split_page(page: dict) -> list[dict]:
    """One stream-shaped message per tweet of a page, oldest first, each with its includes."""
    includes = page.get("includes") or {}
    users = {str(u.get("id")): u for u in includes.get("users") or [] if isinstance(u, dict)}
    by_handle = {str(u.get("username", "")).lower(): u for u in users.values()}
    tweets = {str(t.get("id")): t for t in includes.get("tweets") or [] if isinstance(t, dict)}
    out = []
    for tweet in page["data"]:
        if not isinstance(tweet, dict):
            out.append({"data": tweet})
            continue
        refs = [tweets[str(r.get("id"))] for r in tweet.get("referenced_tweets") or []
                if isinstance(r, dict) and str(r.get("id")) in tweets]
        wanted = {str(tweet.get("author_id")), str(tweet.get("in_reply_to_user_id"))}
        wanted |= {str(t.get("author_id")) for t in refs}
        mentioned = [by_handle.get(str(m.get("username", "")).lower())
                     for m in (tweet.get("entities") or {}).get("mentions") or [] if isinstance(m, dict)]
        wanted |= {str(u.get("id")) for u in mentioned if u}
        message: dict = {"data": tweet, "includes": {"users": [users[i] for i in sorted(wanted) if i in users]}}
        if refs:
            message["includes"]["tweets"] = refs
        out.append(message)
    out.sort(key=lambda m: time_of(m) or datetime.min.replace(tzinfo=UTC))
    return out


def time_of(obj: object) -> datetime | None:
    if not isinstance(obj, dict):
        return None
    data = obj.get("data")
    try:
        if isinstance(data, dict) and isinstance(data.get("created_at"), str):
            return parse_v2_time(data["created_at"])
        if "id_str" in obj and isinstance(obj.get("created_at"), str):
            return parse_v1_time(obj["created_at"])
    except ValueError:
        return None
    return None


def retimed(obj: dict, moment: datetime) -> bytes:
    stamp = moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(obj.get("data"), dict):
        obj = {**obj, "data": {**obj["data"], "created_at": stamp}}
    elif "id_str" in obj:
        obj = {**obj, "created_at": moment.strftime("%a %b %d %H:%M:%S +0000 %Y")}
    return orjson.dumps(obj)


# ---------------------------------------------------------------- a demo chat to replay

DEMO_PEOPLE = [
    ("Amara", "Okafor"), ("Ben", "Hughes"), ("Chloe", "Patel"), ("Dan", "Murphy"), ("Ella", "Wright"),
    ("Femi", "Adeyemi"), ("Grace", "Lloyd"), ("Harry", "Khan"), ("Isla", "Campbell"), ("Jack", "Evans"),
    ("Kiran", "Shah"), ("Leah", "Morgan"), ("Mo", "Rahman"), ("Nia", "Roberts"), ("Owen", "Price"),
    ("Priya", "Nair"), ("Ruth", "Davies"), ("Sam", "Taylor"), ("Tom", "Bennett"), ("Zoe", "Clarke"),
]
DEMO_QUESTIONS = [
    "What does a good handover look like on your ward?",
    "How do you look after your own wellbeing on a long shift?",
    "What one change would make the biggest difference to patient safety where you work?",
    "How do you support students and newly qualified colleagues?",
    "What will you take away from tonight's chat?",
]
DEMO_ANSWERS = [
    "Protected time matters more than anything", "A proper break and a cup of tea", "Listening first",
    "Clear handover sheets, every time", "Peer support after difficult shifts", "Honest conversations",
    "Asking the patient what matters to them", "Time to reflect with the team", "Kindness, always",
    "Speaking up early", "Good mentors make good nurses", "Celebrating the small wins",
]


def write_demo_chat(path: str | Path, hashtag: str, start: datetime, minutes: int = 60, seed: int = 2016) -> int:
    """A one-hour chat on `hashtag` as filtered-stream lines: a host asks five questions, people
    answer, reply, mention and retweet. Returns the number of lines written."""
    rng = random.Random(seed)
    host_id = 900_000_000_000_000_000
    users = [_demo_user(host_id, "WeCommunities", f"#{hashtag} host")] + [
        _demo_user(host_id + i, f"{first}{last}", f"{first} {last}") for i, (first, last) in enumerate(DEMO_PEOPLE, 1)
    ]
    lines, tweets = [], []
    next_id = _snowflake(start)
    per_question = minutes * 60 / len(DEMO_QUESTIONS)
    for number, question in enumerate(DEMO_QUESTIONS, 1):
        asked = start + timedelta(seconds=(number - 1) * per_question)
        next_id += 1_000_000
        q = _demo_tweet(next_id, users[0], asked, f"Q{number} {question} #{hashtag}")
        lines.append(q)
        tweets.append(q)
        for second in sorted(rng.uniform(20, per_question - 10) for _ in range(rng.randint(25, 45))):
            person = rng.choice(users[1:])
            at = asked + timedelta(seconds=second)
            next_id = max(next_id + 1_000, _snowflake(at))
            if rng.random() < 0.15:
                original = rng.choice(tweets)
                message = _demo_retweet(next_id, person, at, original, users)
            else:
                other = rng.choice(users[1:])
                text = f"A{number} {rng.choice(DEMO_ANSWERS)} @{other['username']} #{hashtag}"
                message = _demo_tweet(next_id, person, at, text, reply_to=q if rng.random() < 0.5 else None,
                                      mention=other)
            lines.append(message)
            tweets.append(message)
    Path(path).write_bytes(b"\n".join(orjson.dumps(m) for m in lines) + b"\n")
    return len(lines)


def _snowflake(moment: datetime) -> int:
    return (int(moment.timestamp() * 1000) - 1288834974657) << 22


def _demo_user(user_id: int, handle: str, name: str) -> dict:
    return {"id": str(user_id), "username": handle, "name": name, "description": "Demo account",
            "profile_image_url": "", "protected": False,
            "public_metrics": {"followers_count": 100, "following_count": 100, "tweet_count": 1000}}


def _demo_tweet(tweet_id: int, user: dict, at: datetime, text: str, reply_to: dict | None = None,
                mention: dict | None = None) -> dict:
    tag = text.rsplit("#", 1)[1]
    data: dict = {
        "id": str(tweet_id), "author_id": user["id"], "text": text, "lang": "en",
        "created_at": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "conversation_id": reply_to["data"]["conversation_id"] if reply_to else str(tweet_id),
        "entities": {"hashtags": [{"start": len(text) - len(tag) - 1, "end": len(text), "tag": tag}]},
    }
    users = [user]
    if mention is not None:
        start = text.index("@" + mention["username"])
        data["entities"]["mentions"] = [{"start": start, "end": start + len(mention["username"]) + 1,
                                         "username": mention["username"], "id": mention["id"]}]
        users.append(mention)
    message: dict = {"data": data, "includes": {"users": users}}
    if reply_to is not None:
        data["referenced_tweets"] = [{"type": "replied_to", "id": reply_to["data"]["id"]}]
        data["in_reply_to_user_id"] = reply_to["data"]["author_id"]
        message["includes"]["tweets"] = [reply_to["data"]]
    return message


def _demo_retweet(tweet_id: int, user: dict, at: datetime, original: dict, users: list[dict]) -> dict:
    author = next(u for u in users if u["id"] == original["data"]["author_id"])
    message = _demo_tweet(tweet_id, user, at, f"RT @{author['username']}: {original['data']['text']}")
    message["data"]["referenced_tweets"] = [{"type": "retweeted", "id": original["data"]["id"]}]
    message["data"]["conversation_id"] = str(tweet_id)
    message["includes"]["users"].append(author)
    message["includes"]["tweets"] = [original["data"]]
    return message
