"""The Redis stream between X and the archive ("tweets:incoming").

Producers (the X stream, backfill, replay) append raw lines exactly as they came; the archive
task reads them through one consumer group, and a message leaves Redis only once its rows are
committed (XACK, then XDEL so the stream's length is the backlog). A consumer that dies leaves
its messages pending; another claims them once they have been idle for `claim_after_ms`.

Nothing is ever trimmed by length: a trim would drop messages not yet archived. Nor may Redis
drop them: the buffer needs a Redis that logs every write (AOF) and never evicts keys
(`durability()`), and the Django cache lives elsewhere (CACHE_URL in wecommunities/settings.py).

Beside the stream, under the same prefix: `attempts` (how often each message was in a batch
that never finished: a worker killed, or a task that failed other than by the database being
away), `covered-until` (every tweet created before this moment is in the buffer or archived:
tweets/backfill.py fills what lies after it), and the status notes of tweets/pipeline.py.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from redis.lock import Lock

from .durability import Durability, durability

log = logging.getLogger(__name__)

GROUP = "archive"
# XADDs per round trip: pipelining 500 at a time runs ~8× faster than one by one (docs/performance.md).
PIPELINE = 500

_clients: dict[str, redis.Redis] = {}

# Acknowledge, delete and forget the attempts of ARGV[2…] in one step: the stream's length stays
# the backlog.
_ACK = """
local group = table.remove(ARGV, 1)
redis.call('XACK', KEYS[1], group, unpack(ARGV))
redis.call('XDEL', KEYS[1], unpack(ARGV))
redis.call('HDEL', KEYS[2], unpack(ARGV))
return #ARGV
"""

# Coverage (KEYS[1]) moves forward to ARGV[2] if it exists and is at least ARGV[1]; with
# ARGV[3] = 1 (a backfill) it closes an open gap (KEYS[2]), else an open gap stops it. Atomic,
# so the stream and a backfill moving it at once never move it back.
_ADVANCE = """
local held = redis.call('GET', KEYS[1])
if not held then return 0 end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[2])
elseif redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
held = tonumber(held)
if held >= tonumber(ARGV[1]) and held < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
"""

_BEGIN = """
for _, entry_id in ipairs(ARGV) do redis.call('HINCRBY', KEYS[1], entry_id, 1) end
return redis.call('EXISTS', KEYS[2])
"""

_PIN = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then redis.call('SET', KEYS[2], ARGV[1]) end
return redis.call('GET', KEYS[1])
"""


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
        self._scripts: dict[str, Any] = {}

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
        except redis.exceptions.OutOfMemoryError:
            # A full Redis refuses XGROUP CREATE before it looks: the group exists unless the
            # stream is new, and a new stream holds nothing to read.
            pass
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def batches(
        self, consumer: str, count: int = 1000, wait_ms: int = 0, gather_ms: int = 0
    ) -> Iterator[tuple[bool, list[Message]]]:
        """(redelivered, batch) for this consumer until none is left: first what it was given
        and did not acknowledge (its own earlier run failed), then what dead consumers left
        idle, then new messages. The caller must ack() each batch once archived, or leave it.
        With `wait_ms`, none is left only once no new message has come for that long; with
        `gather_ms`, a batch that is not full waits that long for more after its first message,
        so that a trickle of tweets makes batches (each one a transaction and a badges task)
        rather than one batch a tweet."""
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
        while batch := self._read(consumer, ">", count, wait_ms):
            if gather_ms and len(batch) < count:
                time.sleep(gather_ms / 1000)
                batch += self._read(consumer, ">", count - len(batch))
            yield False, batch

    def _read(self, consumer: str, start: str, count: int, wait_ms: int = 0) -> list[Message]:
        # BLOCK 0 would wait for ever: no wait is no BLOCK at all.
        reply = self.client.xreadgroup(GROUP, consumer, {self.key: start}, count=count, block=wait_ms or None)
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

    def ack(self, ids: list[str], note: dict[str, Any] | None = None) -> None:
        """Done with these: acknowledge and delete in one round trip, with a note on the batch
        for the status page."""
        if not ids:
            return
        # A script, not MULTI: a full Redis (noeviction) refuses every command queued in MULTI,
        # but runs these, and draining is what frees memory.
        self._script(_ACK)(keys=[self.key, self.name("attempts")], args=[GROUP, *ids])
        if note:
            with suppress(redis.exceptions.OutOfMemoryError):
                self.client.hset(self.name("last-batch"), mapping={k: str(v) for k, v in note.items()})

    # ---------------------------------------------------------------- attempts (tweets/intake.py)

    def begin_attempt(self, ids: list[str]) -> bool:
        """Count one attempt at archiving these; `ack` forgets them once archived. Returns
        whether coverage is known, in the same round trip (tweets/backfill.py)."""
        keys = [self.name("attempts"), self.name("covered-until")]
        try:
            return bool(self._script(_BEGIN)(keys=keys, args=ids))
        except redis.exceptions.OutOfMemoryError:
            # A full Redis refuses the counts: archive anyway (draining is what frees memory).
            log.warning("Redis is full: archiving %d messages without counting the attempt", len(ids))
            return bool(self.client.exists(self.name("covered-until")))

    def forgive_attempt(self, ids: list[str]) -> None:
        """The attempt ended with the database away: it says nothing about the messages."""
        pipe = self.client.pipeline(transaction=False)
        for entry_id in ids:
            pipe.hincrby(self.name("attempts"), entry_id, -1)
        pipe.execute(raise_on_error=False)  # best effort: a count left behind only splits a batch once more

    def attempts(self, messages: list[Message]) -> dict[str, int]:
        if not messages:
            return {}
        counts = self.client.hmget(self.name("attempts"), [m.id for m in messages])
        return {m.id: int(c) for m, c in zip(messages, counts, strict=True) if c and int(c) > 0}

    # ---------------------------------------------------------------- waiting for the database

    def wait_for_database(self, error: str, retry_in: float) -> None:
        """Note (for the status page) that archiving waits for PostgreSQL, since when and why."""
        key = self.name("database-wait")
        now_ms = int(time.time() * 1000)
        pipe = self.client.pipeline(transaction=True)
        pipe.hsetnx(key, "since_ms", now_ms)
        pipe.hincrby(key, "attempts", 1)
        pipe.hset(key, mapping={"error": error[:500], "retry_at_ms": now_ms + int(retry_in * 1000)})
        pipe.set(self.name("paused"), "1", px=max(1, int((retry_in + 1) * 1000)))
        pipe.execute()

    def database_back(self) -> None:
        self.client.delete(self.name("database-wait"), self.name("paused"))

    def database_wait(self) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self.client.hgetall(self.name("database-wait")).items()}

    def last_batch(self) -> dict[str, str]:
        return {_text(k): _text(v) for k, v in self.client.hgetall(self.name("last-batch")).items()}

    # ---------------------------------------------------------------- pausing while the database is down

    def pause(self, seconds: float) -> None:
        self.client.set(self.name("paused"), "1", px=max(1, int(seconds * 1000)))

    def paused(self) -> bool:
        return bool(self.client.exists(self.name("paused")))

    # ---------------------------------------------------------------- coverage (tweets/backfill.py)

    def covered_until(self) -> tuple[int | None, bool]:
        """(moment in ms, gap open): every tweet created before the moment is buffered or
        archived; None when Redis does not know (it lost its data, or nothing ran yet). An open
        gap (coverage was lost and pinned) must be backfilled however recent the moment."""
        pipe = self.client.pipeline(transaction=False)
        pipe.get(self.name("covered-until"))
        pipe.exists(self.name("gap-open"))
        value, gap = pipe.execute()
        return (int(value) if value is not None else None), bool(gap)

    def pin_coverage(self, ms: int) -> int:
        """Coverage was unknown: it ends at `ms`, and the gap after it stays open (the stream may
        not move coverage over it) until a backfill closes it. Unless another process pinned it
        first; returns the value that holds."""
        keys = [self.name("covered-until"), self.name("gap-open")]
        try:
            return int(self._script(_PIN)(keys=keys, args=[ms]))
        except redis.exceptions.OutOfMemoryError:
            log.warning("Redis is full: cannot record where coverage ends")
            return ms

    def close_gap(self, until_ms: int) -> None:
        """A backfill searched everything up to `until_ms`."""
        self._advance(keys=[self.name("covered-until"), self.name("gap-open")], args=[-1, until_ms, 1])

    def cover_continuously(self, since_ms: int, until_ms: int) -> bool:
        """Move coverage forward to `until_ms` only if it already reaches `since_ms` and no gap
        is open: the stream heard everything from then on, not what was said before it connected."""
        keys = [self.name("covered-until"), self.name("gap-open")]
        return bool(self._advance(keys=keys, args=[since_ms, until_ms, 0]))

    @property
    def _advance(self):
        return self._script(_ADVANCE)

    def _script(self, source: str):
        if source not in self._scripts:
            self._scripts[source] = self.client.register_script(source)
        return self._scripts[source]

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

    def durability(self) -> Durability:
        return durability(self.client)

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


def entry_order(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _message(entry_id: bytes | str, fields: dict) -> Message:
    return Message(_text(entry_id), fields.get(b"raw", b""), _text(fields.get(b"src", b"")))
