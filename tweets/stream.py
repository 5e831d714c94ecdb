"""The X filtered stream: one rule per community, and every line buffered raw, nothing else.

`BufferingStream` is tweepy's StreamingClient with handlers that only append the raw bytes to
the buffer: any exception in a tweepy handler ends tweepy's whole loop, and tweepy's own
`on_data` raises on a malformed line, so ours never parses and never raises. A malformed line is
buffered like any other and meets the dead-letter path in the archive task.

`StreamRunner` is what `manage.py stream_tweets --source x` runs: it refuses a Redis that may
lose the buffer (no AOF, or eviction), holds the Redis lock that keeps us to the one connection
X allows, keeps the rules in step with the Community table, lets tweepy reconnect with its own
back-off, moves the buffer's coverage forward while it hears everything, and backfills the gap
with recent search after every (re)connection (tweets/backfill.py).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import orjson
import requests
import tweepy
from django.db import connection
from django.utils import timezone
from redis.exceptions import LockError, RedisError

from . import budget, ledger
from .backfill import SETTLE, fill_gap
from .buffer import Buffer
from .models import Community
from .schedule import live_hashtags
from .xclient import FIELDS, x_client

log = logging.getLogger(__name__)

# Lines kept in memory while Redis cannot take them (a few minutes of a busy chat).
SPILL_MAX = 100_000


# ---------------------------------------------------------------- rules


@dataclass
class RuleChanges:
    added: list[str]
    deleted: list[str]


def rule_for(community: Community) -> tweepy.StreamRule:
    # The hashtag operator matches case-insensitively, so "#wenurses" finds "#WeNurses".
    return tweepy.StreamRule(value=f"#{community.hashtag}", tag=community.hashtag)


def sync_rules(client: tweepy.StreamingClient, hashtags: set[str] | None = None) -> RuleChanges:
    """Make the stream's rules one per community (of `hashtags`, if given), tagged with its
    hashtag; delete the rest."""
    communities = Community.objects.all() if hashtags is None else Community.objects.filter(hashtag__in=hashtags)
    wanted = {(r.value, r.tag): r for r in map(rule_for, communities)}
    have = client.get_rules().data or []
    stale = [r for r in have if (r.value, r.tag) not in wanted]
    held = {(r.value, r.tag) for r in have}
    missing = [rule for key, rule in wanted.items() if key not in held]
    # Deletions first: a rule whose tag changed has the same value, and X refuses duplicates.
    if stale:
        client.delete_rules([r.id for r in stale])
    if missing:
        response = client.add_rules(missing)
        for error in response.errors or []:
            log.error("X refused a stream rule: %s", error)
    return RuleChanges(added=[r.value for r in missing], deleted=[r.value for r in stale])


def budgeted_hashtags(now=None) -> set[str] | None:
    """The communities the stream may listen to under the X budget: all (None), only those in
    chat hours while between-chat archiving is paused, none once chat hours are. X charges
    every post the stream delivers, so a paused purpose must lose its rules, not its lines."""
    now = now or timezone.now()
    plan = budget.plan(now)
    if plan.allows(ledger.BETWEEN_CHATS):
        return None
    return live_hashtags(now) if plan.allows(ledger.CHAT_HOURS) else set()


def record_reads(lines: list[bytes], now=None) -> None:
    """Put stream lines in the read ledger: chat hours for a line matching the rule of a
    community whose chat is on, between-chat archiving for the rest."""
    live = live_hashtags(now or timezone.now())
    chat, between = [], []
    for line in lines:
        (chat if _rule_tags(line) & live else between).append(line)
    ledger.record_lines(ledger.CHAT_HOURS, chat, now=now)
    ledger.record_lines(ledger.BETWEEN_CHATS, between, now=now)


def _rule_tags(line: bytes) -> set[str]:
    try:
        rules = orjson.loads(line).get("matching_rules") or []
    except (orjson.JSONDecodeError, AttributeError):
        return set()
    return {str(rule.get("tag", "")) for rule in rules if isinstance(rule, dict)}


# ---------------------------------------------------------------- the stream


class BufferingStream(tweepy.StreamingClient):
    def __init__(self, bearer_token: str, sink, on_connected: Callable[[], None] | None = None, **kwargs) -> None:
        super().__init__(bearer_token, wait_on_rate_limit=True, daemon=True, **kwargs)
        self.sink = sink
        self.on_connected = on_connected
        self.spill: deque[bytes] = deque(maxlen=SPILL_MAX)
        self.unrecorded: deque[bytes] = deque()  # lines heard, not yet in the read ledger
        self.is_connected = threading.Event()
        self.lines = 0
        # Since when (epoch ms) every line heard reached Redis, None while not connected.
        self.heard_since_ms: int | None = None

    def on_data(self, raw_data: bytes) -> None:
        self.lines += 1
        self.unrecorded.append(raw_data)
        if len(self.spill) == SPILL_MAX:
            log.error("Redis has refused lines for too long: dropping the oldest (backfill will fetch it)")
            self.heard_since_ms = _now_ms()  # a gap: coverage may not move over it
        self.spill.append(raw_data)
        self._flush()

    def on_keep_alive(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if not self.spill:
            return
        try:
            self.sink.append(list(self.spill), source="stream")
        except Exception:  # Redis away: keep the lines and try again with the next one
            log.exception("could not buffer %d stream lines; keeping them in memory", len(self.spill))
            return
        self.spill.clear()

    def on_connect(self) -> None:
        log.info("connected to the X stream")
        self.heard_since_ms = _now_ms()
        self.is_connected.set()
        if self.on_connected is not None:
            try:
                self.on_connected()
            except Exception:
                log.exception("on_connected failed")

    def on_connection_error(self) -> None:
        self.is_connected.clear()
        log.warning("X stream connection lost or timed out: tweepy reconnects")

    def on_closed(self, response) -> None:
        self.is_connected.clear()
        log.warning("X closed the stream: tweepy reconnects")

    def on_request_error(self, status_code: int) -> None:
        self.is_connected.clear()
        log.error("X refused the stream connection: HTTP %s", status_code)

    def on_disconnect(self) -> None:
        self.is_connected.clear()
        self._flush()

    def on_exception(self, exception: Exception) -> None:
        self.is_connected.clear()
        log.error("the X stream stopped: %r", exception)


class AlreadyStreaming(RuntimeError):
    pass


class BufferNotDurable(RuntimeError):
    """The buffer's Redis may lose what it holds (no AOF, or eviction): we do not stream into it."""


class StreamRunner:
    """One connection to X, its rules, and backfill after every connection.

    `prepare(session)` is called on every requests session made here, before use: tests mount
    an adapter that sends X's host to a fake X server."""

    def __init__(
        self,
        buffer: Buffer,
        bearer_token: str,
        prepare: Callable[[requests.Session], None] | None = None,
        resync_every: float = 60.0,
        lock_timeout: float = 30.0,
        sink=None,
        require_durable: bool = True,
    ) -> None:
        self.buffer = buffer
        self.require_durable = require_durable
        self.sink = sink if sink is not None else buffer
        self.bearer_token = bearer_token
        self.prepare = prepare or (lambda session: None)
        self.resync_every = resync_every
        self.lock_timeout = lock_timeout
        self.lock = buffer.stream_lock(timeout=lock_timeout)
        self._renewed = time.monotonic()
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.stream: BufferingStream | None = None
        self.thread: threading.Thread | None = None
        self.backfills = 0
        self._backfill_due = threading.Event()
        self._stopping = threading.Event()
        self._backfiller: threading.Thread | None = None
        self._since_resync = 0.0

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> None:
        if self.require_durable:
            check_durable(self.buffer)
        if not self.lock.acquire():
            raise AlreadyStreaming(
                "another stream_tweets holds the stream lock (X allows one connection): not connecting"
            )
        try:
            self.stream = BufferingStream(self.bearer_token, self.sink, on_connected=self._backfill_due.set)
            self.prepare(ledger.meter(self.stream.session, ledger.BETWEEN_CHATS))
            self.search = x_client(self.bearer_token, purpose=ledger.BETWEEN_CHATS)
            self.prepare(self.search.session)
            sync_rules(self.stream, budgeted_hashtags())
            self._backfiller = threading.Thread(target=self._backfill_loop, name="backfill", daemon=True)
            self._backfiller.start()
            self._connect()
        except BaseException:
            self.stop()
            raise

    def _connect(self) -> None:
        assert self.stream is not None
        # tweepy closes the session when a stream ends; a fresh one must be prepared again.
        self.thread = self.stream.filter(threaded=True, **FIELDS)

    def tick(self, elapsed: float) -> bool:
        """Called every few seconds by the owner's loop. Returns False when we must stop."""
        assert self.stream is not None
        try:
            self.lock.reacquire()
            self.buffer.mark_connected(self.holder if self.stream.is_connected.is_set() else None)
            self._renewed = time.monotonic()
            self._advance_coverage()
        except LockError:
            log.error("lost the stream lock (it expired and was taken): disconnecting")
            return False
        except RedisError:
            # Redis away for a moment: the lines wait in memory (BufferingStream.spill). Once
            # the lock may have expired, another stream may connect: we must not stay on.
            if time.monotonic() - self._renewed > self.lock_timeout:
                log.error("could not renew the stream lock for %.0f s: disconnecting", self.lock_timeout)
                return False
            log.warning("could not renew the stream lock (Redis unreachable); trying again")
        self._record_reads()
        self._since_resync += elapsed
        if self._since_resync >= self.resync_every:
            self._since_resync = 0.0
            try:
                changes = sync_rules(self.stream, budgeted_hashtags())
                if changes.added or changes.deleted:
                    log.info("stream rules: added %s, deleted %s", changes.added, changes.deleted)
            except Exception:
                log.exception("could not bring the stream rules in step; trying again later")
        if self.thread is not None and not self.thread.is_alive() and not self._stopping.is_set():
            log.warning("tweepy's stream loop ended: starting it again")
            self.stream.session = requests.Session()
            self.prepare(ledger.meter(self.stream.session, ledger.BETWEEN_CHATS))
            self._connect()
        return True

    def _record_reads(self) -> None:
        assert self.stream is not None
        lines = []
        while self.stream.unrecorded:
            lines.append(self.stream.unrecorded.popleft())
        if lines:
            try:
                record_reads(lines)
            except Exception:  # the database away: the archive waits for it too; the ledger misses these
                log.exception("could not record %d stream lines in the read ledger", len(lines))

    def _advance_coverage(self) -> None:
        """Everything created until a moment ago was heard and is in Redis: say so, unless we
        connected after coverage ends (a gap only a backfill may close)."""
        assert self.stream is not None
        since = self.stream.heard_since_ms
        if since is None or self.stream.spill or not self.stream.is_connected.is_set():
            return
        settle = int(SETTLE.total_seconds() * 1000)
        self.buffer.cover_continuously(since - settle, _now_ms() - settle)

    def run(self, stop: threading.Event, every: float = 5.0) -> None:
        self.start()
        try:
            while not stop.wait(every):
                if not self.tick(every):
                    break
        finally:
            self.stop()

    def stop(self) -> None:
        self._stopping.set()
        self._backfill_due.set()
        if self.stream is not None:
            self.stream.disconnect()
        if self.thread is not None:
            self.thread.join(timeout=2)
        if self._backfiller is not None:
            self._backfiller.join(timeout=10)
        if self.stream is not None:
            self._record_reads()
        try:
            self.buffer.mark_connected(None)
            self.lock.release()
        except LockError:
            pass
        except Exception:
            log.exception("could not release the stream lock; it expires by itself")

    # ---------------------------------------------------------------- backfill

    def _backfill_loop(self) -> None:
        while True:
            self._backfill_due.wait()
            if self._stopping.is_set():
                return
            self._backfill_due.clear()
            try:
                # Every connection follows a gap, however short: search it whatever coverage says.
                appended = fill_gap(self.search, self.sink, self.buffer, force=True)
                self.backfills += 1
                log.info("backfilled %s search pages after connecting", appended)
            except Exception:
                log.exception("backfill failed; the next connection or the Beat task tries again")
            finally:
                connection.close()


def check_durable(buffer: Buffer) -> None:
    """Raise BufferNotDurable naming each Redis setting that may lose the buffer; only warn
    when Redis will not say (CONFIG disabled)."""
    durability = buffer.durability()
    if durability.unknown:
        log.warning("cannot tell whether Redis keeps the buffer: %s. It needs appendonly yes, "
                    "appendfsync everysec and maxmemory-policy noeviction.", durability.unknown)
    elif durability.problems:
        raise BufferNotDurable("not streaming: " + "; ".join(durability.problems))


def _now_ms() -> int:
    return int(time.time() * 1000)
