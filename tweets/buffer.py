"""The Redis stream between X and the archive ("tweets:incoming").

Producers (the X stream, backfill, replay) append raw lines exactly as they came; the archive
task reads them through one consumer group, and a message leaves Redis only once its rows are
committed (XACK, then XDEL so the stream's length is the backlog). A consumer that dies leaves
its messages pending; another claims them once they have been idle for `claim_after_ms`.

Nothing is ever trimmed by length: a trim would drop messages not yet archived.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from redis.lock import Lock

GROUP = "archive"
# XADDs per round trip: pipelining 500 at a time runs ~8× faster than one by one (PERFORMANCE.md).
PIPELINE = 500

_clients: dict[str, redis.Redis] = {}


def client_for(url: str) -> redis.Redis:
    """One client (and connection pool) per URL per process; redis-py's pool survives fork."""
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, health_check_interval=30)
    return _clients[url]


def consumer_name() -> str:
    """This process in the consumer group: a worker that dies leaves its messages under a name
    no live process uses, and the others claim them."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(slots=True)
class Message:
    id: str
    raw: bytes
    source: str

    @property
    def arrived_ms(self) -> int:
        """When Redis received it: the first half of a stream entry id is its time in ms."""
        return int(self.id.split("-", 1)[0])


class Buffer:
    def __init__(self, client: redis.Redis, key: str, claim_after_ms: int = 60_000) -> None:
        self.client = client
        self.key = key
        self.claim_after_ms = claim_after_ms

    @classmethod
    def from_settings(cls) -> Buffer:
        if not settings.REDIS_URL:
            raise RuntimeError("The tweet buffer needs REDIS_URL")
        return cls(
            client_for(settings.REDIS_URL),
            settings.TWEET_BUFFER_STREAM,
            claim_after_ms=int(settings.ARCHIVE_CLAIM_AFTER * 1000),
        )

    def name(self, suffix: str) -> str:
        """A key beside the stream, so everything of one buffer shares its prefix."""
        return f"{self.key}:{suffix}"

    # ---------------------------------------------------------------- writing

    def append(self, lines: Iterable[bytes], source: str) -> list[str]:
        """XADD each line as it is; returns the entry ids."""
        ids: list[str] = []
        pipe = self.client.pipeline(transaction=False)
        queued = 0
        for line in lines:
            pipe.xadd(self.key, {"raw": line, "src": source})
            queued += 1
            if queued == PIPELINE:
                ids.extend(_text(i) for i in pipe.execute())
                queued = 0
        if queued:
            ids.extend(_text(i) for i in pipe.execute())
        return ids

    # ---------------------------------------------------------------- reading

    def ensure_group(self) -> None:
        try:
            self.client.xgroup_create(self.key, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def batches(self, consumer: str, count: int = 1000) -> Iterator[tuple[bool, list[Message]]]:
        """(redelivered, batch) for this consumer until none is left: first what it was given
        and did not acknowledge (its own earlier run failed), then what dead consumers left
        idle, then new messages. The caller must ack() each batch once archived, or leave it."""
        self.ensure_group()
        own = self._read(consumer, "0", count)
        if own:
            yield True, own
        cursor = "0-0"
        while True:
            cursor, claimed = self._claim(consumer, cursor, count)
            if claimed:
                yield True, claimed
            if cursor == "0-0":
                break
        while batch := self._read(consumer, ">", count):
            yield False, batch

    def _read(self, consumer: str, start: str, count: int) -> list[Message]:
        reply = self.client.xreadgroup(GROUP, consumer, {self.key: start}, count=count)
        entries = reply[0][1] if reply else []
        # Pending entries deleted from the stream come back with no fields: nothing to archive.
        gone = [_text(entry_id) for entry_id, fields in entries if not fields]
        if gone:
            self.ack(gone)
        return [_message(entry_id, fields) for entry_id, fields in entries if fields]

    def _claim(self, consumer: str, cursor: str, count: int) -> tuple[str, list[Message]]:
        reply = self.client.xautoclaim(
            self.key, GROUP, consumer, min_idle_time=self.claim_after_ms, start_id=cursor, count=count
        )
        next_cursor, entries = _text(reply[0]), reply[1]
        gone = [_text(i) for i in (reply[2] if len(reply) > 2 else [])]
        if gone:
            self.ack(gone)
        return next_cursor, [_message(entry_id, fields) for entry_id, fields in entries if fields]

    def deliveries(self, consumer: str, messages: list[Message]) -> dict[str, int]:
        """How many times each of these messages (pending on `consumer`) was delivered."""
        if not messages:
            return {}
        ids = sorted((m.id for m in messages), key=_entry_order)
        rows = self.client.xpending_range(
            self.key, GROUP, min=ids[0], max=ids[-1], count=len(messages) * 2, consumername=consumer
        )
        return {_text(r["message_id"]): int(r["times_delivered"]) for r in rows}

    def ack(self, ids: list[str], note: dict[str, Any] | None = None) -> None:
        """Done with these: acknowledge and delete in one round trip, with a note on the batch
        for the status page."""
        if not ids:
            return
        pipe = self.client.pipeline(transaction=True)
        pipe.xack(self.key, GROUP, *ids)
        pipe.xdel(self.key, *ids)
        if note:
            pipe.hset(self.name("last-batch"), mapping={k: str(v) for k, v in note.items()})
        pipe.execute()

    def last_batch(self) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self.client.hgetall(self.name("last-batch")).items()}

    # ---------------------------------------------------------------- pausing while the database is down

    def pause(self, seconds: float) -> None:
        self.client.set(self.name("paused"), "1", px=max(1, int(seconds * 1000)))

    def paused(self) -> bool:
        return bool(self.client.exists(self.name("paused")))

    # ---------------------------------------------------------------- the stream's single connection

    def stream_lock(self, timeout: float = 30.0) -> Lock:
        """X allows one connection: whoever holds this lock may connect. It expires unless
        renewed (`lock.reacquire()`), so a stream that dies frees it within `timeout`."""
        return self.client.lock(self.name("stream-lock"), timeout=timeout, blocking=False, thread_local=False)

    def mark_connected(self, holder: str | None, ttl: float = 30.0) -> None:
        """Who is connected to X now (None: nobody); expires unless refreshed."""
        key = self.name("stream-connected")
        if holder:
            self.client.set(key, holder, px=int(ttl * 1000))
        else:
            self.client.delete(key)

    # ---------------------------------------------------------------- figures

    def figures(self) -> dict[str, Any]:
        """Backlog, pending, consumers and the stream's connection, in one round trip."""
        self.ensure_group()
        pipe = self.client.pipeline(transaction=False)
        pipe.xlen(self.key)
        pipe.xpending(self.key, GROUP)
        pipe.xinfo_consumers(self.key, GROUP)
        pipe.get(self.name("stream-connected"))
        pipe.exists(self.name("stream-lock"))
        pipe.pttl(self.name("paused"))
        length, pending, consumers, connected, locked, paused_ms = pipe.execute()
        return {
            "length": int(length),
            "pending": int(pending["pending"]),
            "oldest_pending": _text(pending["min"]) if pending["min"] else None,
            "consumers": [
                {"name": _text(c["name"]), "pending": int(c["pending"]), "idle_ms": int(c["idle"])}
                for c in consumers
            ],
            "stream_connected": _text(connected) if connected else None,
            "stream_locked": bool(locked),
            "paused_for_ms": max(0, int(paused_ms)),
        }

    def forget_idle_consumers(self, idle_ms: int) -> int:
        """Remove consumers with nothing pending that have been idle a long time (every worker
        process that ever ran leaves a name behind)."""
        self.ensure_group()
        gone = 0
        for consumer in self.client.xinfo_consumers(self.key, GROUP):
            if int(consumer["pending"]) == 0 and int(consumer["idle"]) > idle_ms:
                self.client.xgroup_delconsumer(self.key, GROUP, consumer["name"])
                gone += 1
        return gone


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _entry_order(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _message(entry_id: bytes | str, fields: dict) -> Message:
    return Message(_text(entry_id), fields.get(b"raw", b""), _text(fields.get(b"src", b"")))
