"""Dead letters: what we keep of a payload we could not archive, and replaying them.

A dead letter keeps at most the first 64 KB of its line (a broken line can be 50 MB; the
start says what it was, and the file, line and offset say where the rest is), except one set
aside for killing its workers (tweets/intake.py): that one may be good, so it is kept whole
for `replay_dead_letters` once the cause is fixed.

Replaying parses each letter again with today's parser and archives what now reads, in one
transaction with the deletion of its letters: a letter leaves the table exactly when its
tweets are in, so replaying twice archives nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DataError, IntegrityError, transaction
from django.db.models import Q

from .archive import Counts, DeadLetterRecord, write
from .models import DeadLetter
from .payloads import Parsed, parse_line

KEPT_BYTES = 64 * 1024
# The reason given to a message set aside for killing its workers (tweets/intake.py).
CRASHED = "its batch never finished"
# What the database (or its driver) says about a value it cannot store: a bad message, not an
# outage. OverflowError: SQLite's driver on an integer beyond 64 bits.
REFUSED = (DataError, IntegrityError, OverflowError)


def kept_text(raw: bytes | str, limit: int | None = KEPT_BYTES) -> str:
    """The text a dead letter keeps: the first `limit` bytes (None: all), as text."""
    if isinstance(raw, str):
        if limit is None or len(raw) <= limit // 4:
            return raw
        raw = raw.encode("utf-8", "surrogatepass")
    if limit is not None and len(raw) > limit:
        # Cut on a byte boundary; "ignore" drops a character split by the cut.
        return raw[:limit].decode("utf-8", "ignore")
    return raw.decode("utf-8", "replace")


def compliance_kind_for(path: str | Path) -> str:
    """Batch-compliance results do not say whether their ids are tweets or users; X names the
    files for the job ("…users_compliance…"), so the file name tells, unless the caller does."""
    name = Path(path).name.lower()
    return "users" if "user" in name and "compliance" in name else "tweets"


def not_yet_stored(letters: list[DeadLetterRecord]) -> list[DeadLetterRecord]:
    """Drop letters of a file line already kept (the file imported before): one query on the
    (source, line) index."""
    if not letters:
        return letters
    sources = {d.source for d in letters}
    lines = {d.line for d in letters if d.line is not None}
    stored = set(
        DeadLetter.objects.filter(source__in=sources, line__in=lines).values_list("source", "line", "offset")
    )
    return [d for d in letters if (d.source, d.line, d.offset) not in stored]


@dataclass
class Replayed:
    archived: int = 0  # letters that now read, archived and removed
    still_failing: int = 0  # letters kept: they still cannot be read
    counts: Counts = field(default_factory=Counts)


def replay(reasons: Sequence[str] = (), chunk: int = 500) -> Replayed:
    """Parse the dead letters (those whose reason starts with one of `reasons`, or all) again
    and archive what reads now."""
    letters = DeadLetter.objects.order_by("id")
    if reasons:
        match = Q()
        for reason in reasons:
            match |= Q(reason__startswith=reason)
        letters = letters.filter(match)
    done = Replayed()
    last = 0
    while batch := list(letters.filter(id__gt=last).only("id", "raw", "source", "line")[:chunk]):
        last = batch[-1].id
        readable = []
        for letter in batch:
            parsed = _parse(letter)
            if parsed is None:
                done.still_failing += 1
            else:
                readable.append((letter.id, parsed))
        try:
            done.counts.add(_archive(readable))
            done.archived += len(readable)
        except REFUSED:
            # One of them holds what the database refuses: find it, keep it, archive the rest.
            for one in readable:
                try:
                    done.counts.add(_archive([one]))
                    done.archived += 1
                except REFUSED:
                    done.still_failing += 1
    return done


def _parse(letter: DeadLetter) -> Parsed | None:
    kind = compliance_kind_for(letter.source) if letter.line is not None else "tweets"
    try:
        parsed = parse_line(letter.raw, compliance_kind=kind)
    except Exception:  # noqa: BLE001 — still unreadable (or the parser still fails): keep it
        return None
    return None if parsed.rejects else parsed


def _archive(readable: list[tuple[int, Parsed]]) -> Counts:
    parsed = Parsed()
    for _, one in readable:
        parsed.extend(one)
    with transaction.atomic():
        counts = write(parsed, source="replay")
        DeadLetter.objects.filter(id__in=[letter_id for letter_id, _ in readable]).delete()
    return counts
