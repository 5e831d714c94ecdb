"""Replaying an archive file through the buffer at a multiple of real time, as if it were the
stream: the demo shows a chat arriving live this way (demo/live_chat.py), and tests and
benchmarks feed the pipeline.

Lines go out in file order, each when its tweet's time comes (scaled by `speed`; 0 means as fast
as possible). A search page (twarc2 line with many tweets) is split into one stream-shaped
message per tweet, with the users and tweets it refers to, so a chat arrives tweet by tweet. Any
other line (stream messages, v1.1 statuses, deletions, even malformed lines) goes out unchanged.
"""

from __future__ import annotations

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
