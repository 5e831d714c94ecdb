"""Reading archive files into the archive: format detected per file, streamed in batches.

A file may be JSONL (twarc2 output: one whole X API response a line, or v1.1 statuses, or
batch-compliance results), one JSON array (of statuses, tweets or responses), or a single JSON
document; any of them gzipped. Files are read in batches, each archived in its own transaction,
so memory stays flat however large the file. A line we cannot read becomes a dead letter with
the file, line number, byte offset and at most its first 64 KB, and the import goes on;
importing the file again adds none of them twice. A file cut short (a truncated or corrupt
.gz) has every line before the cut archived, and the error names the last line read whole.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import BinaryIO

import orjson

from . import archive
from .archive import Counts, DeadLetterRecord
from .dead_letters import compliance_kind_for, kept_text, not_yet_stored
from .file_formats import Item, NotJSON, array_items, decompressed, document_items, jsonl_items, sniff
from .gc_tuning import fewer_collections
from .payloads import Parsed, PayloadError, parse_line, parse_payload

BATCH_LINES = 2000  # lines (or array elements) per batch at most …
BATCH_TWEETS = 2000  # … and tweets per batch at most: a search page holds up to 500


class ArchiveFileError(Exception):
    """The file cannot be read at all (missing, unreadable, not JSON), or not to its end."""


class FileCutShort(ArchiveFileError):
    """The compressed data ends early or is corrupt: what came before is archived (`result`)."""

    result: FileImport | None = None


@dataclass
class Batch:
    parsed: Parsed
    dead_letters: list[DeadLetterRecord]
    lines: int  # lines (or array elements) read for this batch
    position: int  # bytes of the file on disk read so far (compressed bytes for .gz)


@dataclass
class FileImport:
    path: str
    format: str = ""
    lines: int = 0
    tweets: int = 0
    counts: Counts = field(default_factory=Counts)


def check_readable(path: str | Path) -> None:
    """Raise ArchiveFileError with a clear message if the path is no readable file."""
    path = Path(path)
    if not path.exists():
        raise ArchiveFileError(f"{path}: no such file")
    if path.is_dir():
        raise ArchiveFileError(f"{path}: is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise ArchiveFileError(f"{path}: permission denied")


def import_file(
    path: str | Path,
    *,
    compliance_kind: str | None = None,
    batch_lines: int = BATCH_LINES,
    batch_tweets: int = BATCH_TWEETS,
    on_batch: Callable[[Batch, FileImport], None] | None = None,
    parse_ahead: bool = True,
) -> FileImport:
    """Archive every payload in one file, a batch at a time; returns what it did. Batches
    already written stay written if a later part of the file turns out unreadable.
    `parse_ahead` parses the next batch in a thread while this one is written."""
    source = os.path.abspath(path)
    result = FileImport(path=str(path))
    batches = read_batches(path, compliance_kind=compliance_kind, batch_lines=batch_lines,
                           batch_tweets=batch_tweets, result=result)
    try:
        with fewer_collections():
            _write_batches(read_ahead(batches) if parse_ahead else batches, source, result, on_batch)
    except FileCutShort as exc:
        exc.result = result
        raise
    return result


def _write_batches(
    batches: Iterator[Batch], source: str, result: FileImport, on_batch: Callable[[Batch, FileImport], None] | None
) -> None:
    for batch in batches:
        # Not durable: a crash loses at most the last moment's batches, and importing the file
        # again restores them without doubling anything; the commit does not wait for the disk.
        letters = not_yet_stored(batch.dead_letters)  # the file imported before: kept already
        result.counts.add(archive.write(batch.parsed, source=source, dead_letters=letters, durable=False))
        result.lines += batch.lines
        result.tweets += len(batch.parsed.tweets)
        if on_batch is not None:
            on_batch(batch, result)


def read_ahead(batches: Generator[Batch, None, None], depth: int = 2) -> Iterator[Batch]:
    """Parse the next batches in a thread while the caller writes this one. Writing is mostly
    waiting for the database, which releases the GIL, so parsing overlaps it; `depth` bounds
    how many parsed batches wait in memory."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def hand_over(item: object) -> bool:
        """Queue an item unless the consumer has gone (False then)."""
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not hand_over(batch):
                    return
        except BaseException as exc:  # noqa: BLE001 — handed to the consumer, which raises it
            hand_over(exc)
            return
        hand_over(done)

    thread = threading.Thread(target=produce, name="import-parser", daemon=True)
    thread.start()
    try:
        while True:
            item = queue.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
        batches.close()


def read_batches(
    path: str | Path,
    *,
    compliance_kind: str | None = None,
    batch_lines: int = BATCH_LINES,
    batch_tweets: int = BATCH_TWEETS,
    result: FileImport | None = None,
) -> Iterator[Batch]:
    """Parse a file into batches of records without touching the database."""
    check_readable(path)
    kind = compliance_kind or compliance_kind_for(path)
    source = os.path.abspath(path)
    try:
        with open(path, "rb", buffering=0) as raw:
            stream, cut = decompressed(raw)
            try:
                fmt, head = sniff(stream)
            except NotJSON as exc:
                raise ArchiveFileError(f"{path}: {exc}") from None
            if result is not None:
                result.format = fmt
            if fmt == "array":
                items = array_items(head, stream)
            elif fmt == "document":
                items = document_items(head, stream)
            else:
                items = jsonl_items(head, stream)
            read = _Read()
            yield from _batched(_noted(items, read), kind, source, raw, batch_lines, batch_tweets)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveFileError(f"{path}: cannot read: {exc}") from None
    if cut is not None and cut.error is not None:
        raise FileCutShort(f"{path}: {read.cut_message(cut.error)}")


@dataclass
class _Read:
    """How far the reading got: the last item, and whether it was a line read to its end."""

    line: int = 0
    whole: bool = True

    def cut_message(self, error: Exception) -> str:
        whole = self.line if self.whole else self.line - 1
        if whole <= 0:
            return f"cannot read: {error}"
        rest = "" if self.whole else f"; line {self.line} is cut off and kept as a dead letter"
        return (f"the compressed data ends early or is corrupt ({error}): archived up to line {whole}, "
                f"the last line read whole{rest}")


def _noted(items: Iterator[Item], read: _Read) -> Iterator[Item]:
    for item in items:
        read.line = item.line
        read.whole = item.raw is None or item.raw.endswith(b"\n")
        yield item


# ---------------------------------------------------------------- batching


def _batched(
    items: Iterator[Item], kind: str, source: str, raw: BinaryIO, batch_lines: int, batch_tweets: int
) -> Iterator[Batch]:
    parsed = Parsed()
    letters: list[DeadLetterRecord] = []
    lines = 0
    for item in items:
        lines += 1
        if item.error is not None:
            letters.append(DeadLetterRecord(item.text or "", item.error, source, item.line, item.offset))
        else:
            try:
                if item.raw is not None:
                    one = parse_line(item.raw, compliance_kind=kind)
                else:
                    one = parse_payload(item.value, compliance_kind=kind)
            except Exception as exc:  # noqa: BLE001 — one unreadable payload must not stop the file
                letters.append(DeadLetterRecord(_source_text(item), _reason(exc), source, item.line, item.offset))
            else:
                if one.rejects:
                    letters.extend(
                        DeadLetterRecord(kept_text(r.raw), r.reason, source, item.line, item.offset)
                        for r in one.rejects
                    )
                    one.rejects.clear()
                parsed.extend(one)
        if lines >= batch_lines or len(parsed.tweets) >= batch_tweets:
            yield Batch(parsed, letters, lines, raw.tell())
            parsed, letters, lines = Parsed(), [], 0
    if lines or parsed.tweets or letters:
        yield Batch(parsed, letters, lines, raw.tell())


def _source_text(item: Item) -> str:
    if item.raw is not None:
        return kept_text(item.raw.rstrip(b"\r\n"))
    if item.text is not None:
        return kept_text(item.text)
    try:
        return kept_text(orjson.dumps(item.value))
    except TypeError:
        return kept_text(repr(item.value))


def _reason(exc: Exception) -> str:
    if isinstance(exc, PayloadError):
        return str(exc)
    return f"unreadable payload: {type(exc).__name__}: {exc}"
