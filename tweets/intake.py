"""From buffered lines to archived rows: parse each line, archive a batch in one transaction,
acknowledge it only after the commit. Used by the archive task (reading the Redis buffer) and,
without Redis, in-process by the replay and backfill (the demo).

A line that cannot be read becomes a dead letter with its reason, in the same transaction as
the batch, and the rest of the batch flows. Acknowledging after commit means a crash anywhere
redelivers the batch; the archive's upserts make redelivery harmless. Every attempt at a batch
is counted per message in Redis (tweets/buffer.py) and forgiven when the database was away, so
only batches that died with their worker make suspects, and only a suspect that died alone
becomes a dead letter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError

from .archive import Counts, DeadLetterRecord, write
from .backfill import pin_coverage
from .buffer import Buffer, Message, entry_order
from .dead_letters import CRASHED, KEPT_BYTES, REFUSED, kept_text
from .gc_tuning import fewer_collections
from .models import DeadLetter
from .payloads import Parsed, PayloadError, parse_line

log = logging.getLogger(__name__)

# The database is down or restarting (refused, reset, deadlock victim): the messages wait in
# Redis, pending on this consumer, and the task tries again later. Such an attempt is forgiven:
# it says nothing about the messages, so no outage, however long, makes a dead letter.
DATABASE_TROUBLE = (OperationalError, InterfaceError)


@dataclass
class Drained:
    batches: int = 0
    messages: int = 0
    counts: Counts = field(default_factory=Counts)


def drain(
    buffer: Buffer, consumer: str, budget: float = 20.0, batch_size: int = 1000, linger: float = 0.0, gather: float = 0.0
) -> Drained:
    """Archive batches from the buffer until it is empty or `budget` seconds have passed.
    With `linger`, empty means no new message for that many seconds: the task lingers until
    the next Beat tick could start another run, so during a chat a tweet is read as it
    arrives instead of waiting for a tick (up to a second, the p99 of issue 16); `gather` is
    how long a batch that is not full then waits for more (Buffer.batches).

    While one batch is written, the next is read and parsed in a second thread: parsing is
    Python work and writing mostly waits on PostgreSQL, so the two overlap.

    A message that was in a batch which never finished (its worker was killed, or the task
    failed other than by the database being away) is a suspect. Suspects are archived in
    smaller batches, halved at each failure, the least suspect first, until a message that
    failed alone is set aside as a dead letter: one poison message costs about log2(batch)
    failed runs and takes no good message with it."""
    deadline = time.monotonic() + budget
    drained = Drained()
    batches = buffer.batches(consumer, batch_size, wait_ms=round(linger * 1000), gather_ms=round(gather * 1000))
    with fewer_collections(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse-ahead") as ahead:
        upcoming: Future | None = ahead.submit(_read_ahead, batches)
        while upcoming is not None and (item := upcoming.result()) is not None:
            redelivered, batch, parsed = item
            # Past the budget, read no more: what is read stays pending on this consumer.
            upcoming = ahead.submit(_read_ahead, batches) if time.monotonic() < deadline else None
            attempts = buffer.attempts(batch) if redelivered else {}
            if not attempts:
                _archive_chunk(buffer, consumer, batch, parsed, drained)
                continue
            suspects, chunks = bisect(batch, attempts, batch_size)
            if suspects:
                _set_aside(buffer, suspects, attempts)
            for chunk in chunks:
                _archive_chunk(buffer, consumer, chunk, None, drained)
    return drained


def bisect(batch: list[Message], attempts: dict[str, int], batch_size: int) -> tuple[list[Message], list[list[Message]]]:
    """(messages to set aside, chunks to archive in this order). A message tried n times goes
    in chunks of batch_size >> n; one that failed in a chunk of one is set aside."""
    def tried(message: Message) -> int:
        return attempts.get(message.id, 0)

    suspects = [m for m in batch if tried(m) and _chunk_size(tried(m) - 1, batch_size) == 1]
    aside = {m.id for m in suspects}
    rest = sorted((m for m in batch if m.id not in aside), key=lambda m: (tried(m), entry_order(m.id)))
    chunks: list[list[Message]] = []
    for count, group in groupby(rest, key=tried):
        members = list(group)
        size = _chunk_size(count, batch_size)
        chunks.extend(members[i : i + size] for i in range(0, len(members), size))
    return suspects, chunks


def _chunk_size(attempts: int, batch_size: int) -> int:
    return max(1, batch_size >> attempts)


def _archive_chunk(
    buffer: Buffer, consumer: str, chunk: list[Message], parsed: Any, drained: Drained
) -> None:
    ids = [m.id for m in chunk]
    if not buffer.begin_attempt(ids):
        # Redis lost its data (or is new): mark where coverage ends before anything newer is
        # archived, or the backfill would start after the gap.
        pin_coverage(buffer)
    try:
        counts = archive_messages(chunk, parsed)
    except DATABASE_TROUBLE:
        buffer.forgive_attempt(ids)
        raise
    committed_ms = int(time.time() * 1000)
    buffer.ack(
        ids,
        note={
            "committed_ms": committed_ms,
            "messages": len(chunk),
            "new": counts.new,
            "dead_lettered": counts.dead_lettered,
            "lag_ms": committed_ms - min(m.arrived_ms for m in chunk),
            "consumer": consumer,
        },
    )
    drained.batches += 1
    drained.messages += len(chunk)
    drained.counts.add(counts)


def _read_ahead(batches: Iterator[tuple[bool, list[Message]]]) -> tuple[bool, list[Message], Any] | None:
    item = next(batches, None)
    if item is None:
        return None
    redelivered, batch = item
    # A redelivered batch may be split or lose messages set aside: it is parsed after that.
    return redelivered, batch, None if redelivered else parse_messages(batch)


def archive_messages(
    messages: Sequence[Message], parsed: tuple[Parsed, list[DeadLetterRecord]] | None = None
) -> Counts:
    """Parse (unless `parsed` is given) and archive one batch in one transaction."""
    try:
        return _archive(messages, parsed)
    except REFUSED as exc:
        # One message holds something the database refuses. Find it by archiving them one by
        # one (only on this rare path) so that the others still go in.
        log.warning("batch of %d refused (%s): archiving one by one", len(messages), exc)
        return _one_by_one(messages)


def parse_messages(messages: Iterable[Message]) -> tuple[Parsed, list[DeadLetterRecord]]:
    parsed, letters = Parsed(), []
    for message in messages:
        source = message_source(message)
        try:
            one = parse_line(message.raw)
        except PayloadError as exc:
            letters.append(DeadLetterRecord(raw=_text(message.raw), reason=str(exc), source=source))
            continue
        except Exception as exc:  # a parser bug must not stop the pipeline: keep the line aside
            log.exception("parser failed on %s", source)
            letters.append(DeadLetterRecord(raw=_text(message.raw), reason=f"parser error: {exc!r}", source=source))
            continue
        letters.extend(DeadLetterRecord(raw=_text(r.raw), reason=r.reason, source=source) for r in one.rejects)
        one.rejects.clear()
        parsed.extend(one)
    return parsed, letters


def message_source(message: Message) -> str:
    """Where a dead letter came from: the producer and the buffer entry, e.g. 'stream 1712…-0'."""
    return f"{message.source or 'buffer'} {message.id}"[-500:]


def _one_by_one(messages: Sequence[Message]) -> Counts:
    total = Counts()
    for message in messages:
        try:
            total.add(_archive([message]))
        except REFUSED as exc:
            letter = DeadLetterRecord(raw=_text(message.raw), reason=f"archive refused it: {exc}"[:500],
                                      source=message_source(message))
            total.add(write(Parsed(), source="buffer", dead_letters=_not_yet_written([letter])))
    return total


def _archive(messages: Sequence[Message], parsed_letters: tuple[Parsed, list[DeadLetterRecord]] | None = None) -> Counts:
    parsed, letters = parsed_letters or parse_messages(messages)
    return write(parsed, source="buffer", dead_letters=_not_yet_written(letters))


def _not_yet_written(letters: list[DeadLetterRecord]) -> list[DeadLetterRecord]:
    """A batch redelivered after its commit (the ack was lost) must not add its dead letters
    twice: they carry their buffer entry in `source`."""
    if not letters:
        return letters
    written = set(DeadLetter.objects.filter(source__in={d.source for d in letters}).values_list("source", flat=True))
    return [d for d in letters if d.source not in written]


def _set_aside(buffer: Buffer, suspects: list[Message], attempts: dict[str, int]) -> None:
    # Kept whole (not cut to 64 KB): the message may be good and replay_dead_letters may
    # archive it once whatever killed its workers is fixed.
    letters = [
        DeadLetterRecord(
            raw=_text(m.raw, limit=None),
            reason=f"{CRASHED}: tried {attempts[m.id]} times, the last alone",
            source=message_source(m),
        )
        for m in suspects
    ]
    write(Parsed(), source="buffer", dead_letters=_not_yet_written(letters))
    buffer.ack([m.id for m in suspects])


def _text(raw: bytes | str, limit: int | None = KEPT_BYTES) -> str:
    text = kept_text(raw, limit)
    return text.replace("\x00", "\\u0000") if "\x00" in text else text


class InProcessSink:
    """Without Redis (the demo's default): archive appended lines at once, through the same
    parse and archive functions as the task. Same interface as Buffer.append."""

    def __init__(self) -> None:
        self._seq = 0

    def append(self, lines: Iterable[bytes], source: str) -> list[str]:
        now = int(time.time() * 1000)
        messages = []
        for line in lines:
            self._seq += 1
            messages.append(Message(f"{now}-{self._seq}", line, source))
        if messages:
            archive_messages(messages)
        return [m.id for m in messages]


def open_sink() -> Buffer | InProcessSink:
    """Where producers put lines: the Redis buffer, or the archive directly without Redis."""
    return Buffer.from_settings() if settings.REDIS_URL else InProcessSink()
