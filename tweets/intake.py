"""From buffered lines to archived rows: parse each line, archive a batch in one transaction,
acknowledge it only after the commit. Used by the archive task (reading the Redis buffer) and,
without Redis, in-process by the replay and backfill (the demo).

A line that cannot be read becomes a dead letter with its reason, in the same transaction as
the batch, and the rest of the batch flows. Acknowledging after commit means a crash anywhere
redelivers the batch; the archive's upserts make redelivery harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DataError, IntegrityError

from .archive import Counts, DeadLetterRecord, write
from .buffer import Buffer, Message
from .models import DeadLetter
from .payloads import Parsed, PayloadError, parse_line

log = logging.getLogger(__name__)

# A message delivered this often without being archived has crashed its workers each time
# (memory, a time limit): set it aside so it stops taking the pipeline down with it.
MAX_DELIVERIES = 10
# What the database (or its driver) says about a value it cannot store: a bad message, not an
# outage. OverflowError: SQLite's driver on an integer beyond 64 bits.
REFUSED = (DataError, IntegrityError, OverflowError)


@dataclass
class Drained:
    batches: int = 0
    messages: int = 0
    counts: Counts = field(default_factory=Counts)


def drain(buffer: Buffer, consumer: str, budget: float = 20.0, batch_size: int = 1000) -> Drained:
    """Archive batches from the buffer until it is empty or `budget` seconds have passed.

    While one batch is written, the next is read and parsed in a second thread: parsing is
    Python work and writing mostly waits on PostgreSQL, so the two overlap."""
    deadline = time.monotonic() + budget
    drained = Drained()
    batches = buffer.batches(consumer, batch_size)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse-ahead") as ahead:
        upcoming: Future | None = ahead.submit(_read_ahead, batches)
        while upcoming is not None and (item := upcoming.result()) is not None:
            redelivered, batch, parsed = item
            # Past the budget, read no more: what is read stays pending on this consumer.
            upcoming = ahead.submit(_read_ahead, batches) if time.monotonic() < deadline else None
            if redelivered:
                batch = _set_aside_crashers(buffer, consumer, batch)
                if not batch:
                    continue
            counts = archive_messages(batch, parsed)
            committed_ms = int(time.time() * 1000)
            buffer.ack(
                [m.id for m in batch],
                note={
                    "committed_ms": committed_ms,
                    "messages": len(batch),
                    "new": counts.new,
                    "dead_lettered": counts.dead_lettered,
                    "lag_ms": committed_ms - min(m.arrived_ms for m in batch),
                    "consumer": consumer,
                },
            )
            drained.batches += 1
            drained.messages += len(batch)
            drained.counts.add(counts)
    return drained


def _read_ahead(batches: Iterator[tuple[bool, list[Message]]]) -> tuple[bool, list[Message], Any] | None:
    item = next(batches, None)
    if item is None:
        return None
    redelivered, batch = item
    # A redelivered batch may lose messages set aside as crashers: it is parsed after that.
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
        letters.extend(DeadLetterRecord(raw=r.raw, reason=r.reason, source=source) for r in one.rejects)
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


def _set_aside_crashers(buffer: Buffer, consumer: str, batch: list[Message]) -> list[Message]:
    counts = buffer.deliveries(consumer, batch)
    crashers = [m for m in batch if counts.get(m.id, 0) > MAX_DELIVERIES]
    if not crashers:
        return batch
    letters = [
        DeadLetterRecord(raw=_text(m.raw), reason=f"delivered {counts[m.id]} times without being archived",
                         source=message_source(m))
        for m in crashers
    ]
    write(Parsed(), source="buffer", dead_letters=_not_yet_written(letters))
    buffer.ack([m.id for m in crashers])
    gone = {m.id for m in crashers}
    return [m for m in batch if m.id not in gone]


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
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
