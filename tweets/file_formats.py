"""The shapes an archive file comes in, read lazily: JSONL (a payload a line), one JSON array
over many lines, or one JSON document; gzipped or not, told apart by content. Used by
tweets/importers.py, which parses and batches what these yield."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import BinaryIO

import orjson

from .dead_letters import KEPT_BYTES, kept_text

CHUNK = 1 << 20
SNIFF_LINES = 5
SNIFF_BYTES = 1 << 24  # a line longer than this is not read whole just to tell the format
MAX_ELEMENT = 1 << 26  # an array element that does not parse within this many characters is broken
MAX_LINE = 1 << 26  # a longer line is set aside unread: X's largest responses are a few MB
GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"


class NotJSON(Exception):
    """The file begins with neither '{' nor '['."""


def decompressed(raw: BinaryIO) -> tuple[io.BufferedReader, CutShort | None]:
    magic = raw.read(2)
    raw.seek(0)
    if magic == GZIP_MAGIC:  # by content, not by name: "x.jsonl.gz" renamed is still gzip
        cut = CutShort(gzip.GzipFile(fileobj=raw, mode="rb"))
        return io.BufferedReader(cut, buffer_size=CHUNK), cut
    return io.BufferedReader(raw, buffer_size=CHUNK), None  # type: ignore[arg-type]


class CutShort(io.RawIOBase):
    """Decompressed bytes that end, without raising, where the compressed data ends early or
    turns corrupt (`error` says which): raising there would lose the lines already decoded
    into the reader's buffer, and the readers must see a clean end to hand over what they read."""

    def __init__(self, inner: gzip.GzipFile) -> None:
        self.inner = inner
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.error is not None:
            return 0
        try:
            data = self.inner.read1(len(buffer))  # read() would drop what it decoded before the error
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            self.error = exc
            return 0
        buffer[: len(data)] = data
        return len(data)


def sniff(stream: io.BufferedReader) -> tuple[str, list[bytes]]:
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
    raise NotJSON("not JSON: it begins with neither '{' nor '['")


_UNREADABLE = object()


# ---------------------------------------------------------------- the three shapes


@dataclass(slots=True)
class Item:
    """One payload to parse: raw bytes (JSONL) or an already decoded value (array, document)."""

    line: int
    offset: int | None
    raw: bytes | None = None
    value: object = None
    text: str | None = None  # the element's source, for a dead letter
    error: str | None = None  # set when the item is unreadable before parsing


def jsonl_items(head: list[bytes], stream: io.BufferedReader | None) -> Iterator[Item]:
    """Each non-blank line with its number and byte offset. The file is read in pieces of at
    most CHUNK bytes, so a line longer than MAX_LINE is never held whole: it becomes a dead
    letter of its first 64 KB. (The sniffed head may end inside a long first line: the next
    piece goes on with it.)"""
    more = iter(lambda: stream.readline(CHUNK), b"") if stream is not None else ()
    number = offset = size = 0
    pieces: list[bytes] = []
    for piece in chain(head, more):
        if size <= MAX_LINE:
            pieces.append(piece)
        size += len(piece)
        if piece.endswith(b"\n"):
            number += 1
            if (item := _line_item(number, offset, pieces, size)) is not None:
                yield item
            offset += size
            pieces, size = [], 0
    if size:  # the last line, without a newline
        if (item := _line_item(number + 1, offset, pieces, size)) is not None:
            yield item


def _line_item(number: int, offset: int, pieces: list[bytes], size: int) -> Item | None:
    if size > MAX_LINE:
        start = b""
        for piece in pieces:
            start += piece
            if len(start) >= KEPT_BYTES:
                break
        reason = f"a line of {size:,} bytes, longer than the {MAX_LINE >> 20} MB a payload may have: not read"
        return Item(line=number, offset=offset, text=kept_text(start), error=reason)
    line = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    if not line or line.isspace():
        return None  # blank lines: keep-alives of the stream, or a trailing newline
    return Item(line=number, offset=offset, raw=line)


def document_items(head: list[bytes], stream: io.BufferedReader) -> Iterator[Item]:
    # One JSON document cannot be parsed in pieces without a streaming parser; documents are
    # single API responses (at most a few MB), so it is read whole.
    content = b"".join(head) + stream.read()
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        # Not one document after all: JSONL whose first lines are broken. Read it as lines.
        yield from jsonl_items(content.splitlines(keepends=True), None)
        return
    yield Item(line=1, offset=0, value=value)


def array_items(head: list[bytes], stream: io.BufferedReader) -> Iterator[Item]:
    """The elements of one top-level JSON array, decoded one at a time from a sliding window
    of the text, each with the line it starts on."""
    decoder = json.JSONDecoder()
    window = _Window(b"".join(head), stream)
    if window.peek() != "[":
        yield Item(line=window.line, offset=None, text="", error="not a JSON array")
        return
    window.advance(window.pos + 1)
    while True:
        char = window.peek()
        if char == "":
            yield Item(line=window.line, offset=None, text="", error="the JSON array is not closed: the file ends early")
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
                yield Item(line=window.line, offset=None, text=kept_text(buf[pos : pos + KEPT_BYTES]), error=reason)
                return
            if end < len(buf) or not window.fill():  # a number at the very end may go on
                break
        yield Item(line=window.line, offset=None, value=value)
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
