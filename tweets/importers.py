"""Reading archive files into the archive: format detected per file, streamed in batches.

A file may be JSONL (twarc2 output: one whole X API response a line, or v1.1 statuses, or
batch-compliance results), one JSON array (of statuses, tweets or responses), or a single JSON
document; any of them gzipped. Files are read in batches, each archived in its own transaction,
so memory stays flat however large the file. A line we cannot read becomes a dead letter with
the file, line number and byte offset, and the import goes on.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import threading
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import BinaryIO

import orjson

from . import archive
from .archive import Counts, DeadLetterRecord
from .payloads import Parsed, parse_line, parse_payload

BATCH_LINES = 2000  # lines (or array elements) per batch at most …
BATCH_TWEETS = 2000  # … and tweets per batch at most: a search page holds up to 500
CHUNK = 1 << 20
SNIFF_LINES = 5
SNIFF_BYTES = 1 << 24  # a line longer than this is not read whole just to tell the format
MAX_ELEMENT = 1 << 26  # an array element that does not parse within this many characters is broken
GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"


class ArchiveFileError(Exception):
    """The file cannot be read at all (missing, unreadable, not JSON, corrupt compression)."""


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


def compliance_kind_for(path: str | Path) -> str:
    """Batch-compliance results do not say whether their ids are tweets or users; X names the
    files for the job ("…users_compliance…"), so the file name tells, unless the caller does."""
    name = Path(path).name.lower()
    return "users" if "user" in name and "compliance" in name else "tweets"


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
    for batch in read_ahead(batches) if parse_ahead else batches:
        # Not durable: a crash loses at most the last moment's batches, and importing the file
        # again restores them without doubling anything; the commit does not wait for the disk.
        result.counts.add(archive.write(batch.parsed, source=source, dead_letters=batch.dead_letters, durable=False))
        result.lines += batch.lines
        result.tweets += len(batch.parsed.tweets)
        if on_batch is not None:
            on_batch(batch, result)
    return result


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
            stream = _decompressed(raw)
            try:
                fmt, head = _sniff(stream)
            except ArchiveFileError as exc:
                raise ArchiveFileError(f"{path}: {exc}") from None
            if result is not None:
                result.format = fmt
            if fmt == "array":
                items = _array_items(head, stream)
            elif fmt == "document":
                items = _document_items(head, stream)
            else:
                items = _jsonl_items(head, stream)
            yield from _batched(items, kind, source, raw, batch_lines, batch_tweets)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveFileError(f"{path}: cannot read: {exc}") from None


# ---------------------------------------------------------------- opening and sniffing


def _decompressed(raw: BinaryIO) -> io.BufferedReader:
    magic = raw.read(2)
    raw.seek(0)
    if magic == GZIP_MAGIC:  # by content, not by name: "x.jsonl.gz" renamed is still gzip
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), buffer_size=CHUNK)
    return io.BufferedReader(raw, buffer_size=CHUNK)  # type: ignore[arg-type]


def _sniff(stream: io.BufferedReader) -> tuple[str, list[bytes]]:
    """Tell JSONL from a JSON array or one (pretty-printed) JSON document by the first lines.
    Returns the format and the lines read so far, which the reader must take first."""
    head: list[bytes] = []
    values: list[object] = []  # each non-blank line sniffed, parsed, or _UNREADABLE
    while len(values) < SNIFF_LINES:
        line = stream.readline(SNIFF_BYTES)
        if not line:
            break
        if not head:
            line = line.removeprefix(BOM)
        head.append(line)
        stripped = line.strip()
        if not stripped:
            continue
        if len(line) >= SNIFF_BYTES and not line.endswith(b"\n"):
            values.append(_UNREADABLE)  # a giant first line: a one-line array, or one huge JSONL line
            break
        try:
            values.append(orjson.loads(stripped))
        except orjson.JSONDecodeError:
            values.append(_UNREADABLE)
    if not values:
        return "jsonl", head  # empty: nothing to read, nothing to fail
    first = b"".join(head).lstrip()[:1]
    if first == b"[":
        # One array over many lines, unless each line is an array of its own.
        lines_are_arrays = len(values) > 1 and isinstance(values[0], list) and isinstance(values[1], list)
        return ("jsonl" if lines_are_arrays else "array"), head
    if first == b"{":
        # JSONL: objects a line (the first may be broken). A pretty-printed document's lines
        # are fragments like '{' or '"data": [' that do not parse on their own.
        rest = values[1:]
        if isinstance(values[0], dict) or (rest and sum(isinstance(v, dict) for v in rest) * 2 >= len(rest)):
            return "jsonl", head
        return "document", head
    raise ArchiveFileError("not JSON: it begins with neither '{' nor '['")


_UNREADABLE = object()


# ---------------------------------------------------------------- the three shapes


@dataclass(slots=True)
class _Item:
    """One payload to parse: raw bytes (JSONL) or an already decoded value (array, document)."""

    line: int
    offset: int | None
    raw: bytes | None = None
    value: object = None
    text: str | None = None  # the element's source, for a dead letter
    error: str | None = None  # set when the item is unreadable before parsing


def _jsonl_items(head: list[bytes], stream: Iterable[bytes]) -> Iterator[_Item]:
    number = 0
    offset = 0
    for lines in (head, stream):
        for line in lines:
            number += 1
            start = offset
            offset += len(line)
            if line.isspace() or not line:
                continue  # blank lines: keep-alives of the stream, or a trailing newline
            yield _Item(line=number, offset=start, raw=line)


def _document_items(head: list[bytes], stream: io.BufferedReader) -> Iterator[_Item]:
    # One JSON document cannot be parsed in pieces without a streaming parser; documents are
    # single API responses (at most a few MB), so it is read whole.
    content = b"".join(head) + stream.read()
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        # Not one document after all: JSONL whose first lines are broken. Read it as lines.
        yield from _jsonl_items(content.splitlines(keepends=True), ())
        return
    yield _Item(line=1, offset=0, value=value)


def _array_items(head: list[bytes], stream: io.BufferedReader) -> Iterator[_Item]:
    """The elements of one top-level JSON array, decoded one at a time from a sliding window
    of the text, each with the line it starts on."""
    decoder = json.JSONDecoder()
    window = _Window(b"".join(head), stream)
    if window.peek() != "[":
        yield _Item(line=window.line, offset=None, text="", error="not a JSON array")
        return
    window.advance(window.pos + 1)
    while True:
        char = window.peek()
        if char == "":
            yield _Item(line=window.line, offset=None, text="", error="the JSON array is not closed: the file ends early")
            return
        if char == "]":
            return
        if char == ",":
            window.advance(window.pos + 1)
            continue
        while True:
            buf, pos = window.buf, window.pos
            try:
                value, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                # Near the end of the window the element may just be cut by the chunking.
                cut = exc.pos >= len(buf) - 16 or exc.msg.startswith("Unterminated")
                if cut and len(buf) - pos < MAX_ELEMENT and window.fill():
                    continue
                reason = f"invalid JSON in array element: {exc.msg}"
                reason += " (the file ends inside it)" if window.eof else "; the rest of the file was not read"
                yield _Item(line=window.line, offset=None, text=buf[pos : pos + 65536], error=reason)
                return
            if end < len(buf) or not window.fill():  # a number at the very end may go on
                break
        yield _Item(line=window.line, offset=None, value=value)
        window.advance(end)


class _Window:
    """A sliding window of decoded text over a byte stream, with the line number at `pos`."""

    def __init__(self, first: bytes, stream: io.BufferedReader):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.buf = self.decoder.decode(first)
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self) -> bool:
        """Drop the consumed text and read more; False once the file has no more."""
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        self.eof = not chunk
        self.buf = self.buf[self.pos :] + self.decoder.decode(chunk, final=self.eof)
        self.pos = 0
        return True

    def advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next character that is not blank, "" at the end of the file."""
        while True:
            buf, i = self.buf, self.pos
            while i < len(buf) and buf[i] in " \t\r\n":
                i += 1
            self.advance(i)
            if i < len(buf):
                return buf[i]
            if not self.fill():
                return ""


# ---------------------------------------------------------------- batching


def _batched(
    items: Iterator[_Item], kind: str, source: str, raw: BinaryIO, batch_lines: int, batch_tweets: int
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
                        DeadLetterRecord(r.raw, r.reason, source, item.line, item.offset) for r in one.rejects
                    )
                    one.rejects.clear()
                parsed.extend(one)
        if lines >= batch_lines or len(parsed.tweets) >= batch_tweets:
            yield Batch(parsed, letters, lines, raw.tell())
            parsed, letters, lines = Parsed(), [], 0
    if lines or parsed.tweets or letters:
        yield Batch(parsed, letters, lines, raw.tell())


def _source_text(item: _Item) -> str:
    if item.raw is not None:
        return item.raw.decode("utf-8", errors="replace").rstrip("\r\n")
    if item.text is not None:
        return item.text
    try:
        return orjson.dumps(item.value).decode()
    except TypeError:
        return repr(item.value)


def _reason(exc: Exception) -> str:
    from .payloads import PayloadError

    if isinstance(exc, PayloadError):
        return str(exc)
    return f"unreadable payload: {type(exc).__name__}: {exc}"
