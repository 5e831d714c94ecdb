"""The confidentiality check of a reflective account: records must not identify patients,
service users or colleagues. Pure text work, no database: it finds what *may* identify someone
and the form asks the member to confirm past it. It warns and never blocks — "Mrs Seacole's
legacy" is fine — and a clean result is no promise, only a prompt to read again."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

HANDLE = re.compile(r"(?<![\w@])@\w{1,15}\b")
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
BIRTH = re.compile(
    r"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on| in)?)\b[\s:]*\d{1,4}", re.IGNORECASE
)
FULL_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")
PLACE = re.compile(r"\b(?:bed|bay|side room|cubicle|room)\s*(?:no\.?\s*|number\s*)?\d+[a-z]?\b", re.IGNORECASE)
TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sister|Nurse)\.?\s+[A-Z](?:[a-z'-]+|\b)")
RECORD_NUMBER = re.compile(r"\b(?:hospital|MRN|NHS|patient|unit)\s*(?:no\.?|number|#)\s*:?\s*\w+", re.IGNORECASE)
AGE = re.compile(r"\b(?:aged\s+\d{1,3}|\d{1,3}[- ]year[- ]old)\b", re.IGNORECASE)

# Words of a display name that are roles or decoration, not a name.
NOT_NAMES = {
    "nurse", "nurses", "midwife", "midwives", "student", "rn", "rmn", "rgn", "rm", "dr", "prof", "the", "team",
    "nhs", "we", "and", "ahp", "mental", "health", "lead", "official", "sister", "matron", "charge", "staff",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: “{self.text}”"


PATTERNS = (
    ("An X handle", HANDLE),
    ("What looks like an NHS number", NHS_NUMBER),
    ("A date of birth", BIRTH),
    ("A full date (a birth or admission date?)", FULL_DATE),
    ("A bed or room", PLACE),
    ("A person by title", TITLED),
    ("A record number", RECORD_NUMBER),
    ("An age", AGE),
)


def name_patterns(names: Iterable[str]) -> list[re.Pattern]:
    """Each participant's display name as written, and its words that could be a name on their
    own (so "Carol" is found from "Carol Jones 💙 RN"), as whole words."""
    words: set[str] = set()
    for name in names:
        clean = " ".join(re.findall(r"[A-Za-zÀ-ÿ'-]+", name))
        if len(clean) >= 3:
            words.add(clean)
        words.update(w for w in clean.split() if len(w) >= 3 and w.lower() not in NOT_NAMES)
    return [re.compile(rf"(?<![\w@]){re.escape(w)}(?!\w)", re.IGNORECASE) for w in sorted(words, key=len, reverse=True)]


def check(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """What in the text may identify someone, in the order of the patterns, each once."""
    found: dict[tuple[str, str], Finding] = {}
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            found.setdefault((kind, match.group(0).lower()), Finding(kind, match.group(0).strip()))
    for pattern in name_patterns(names):
        for match in pattern.finditer(text):
            found.setdefault(("A name from the chat", match.group(0).lower()), Finding("A name from the chat", match.group(0)))
    return list(found.values())


def digest(findings: Iterable[Finding]) -> str:
    """Which findings the member confirmed: a new one after the confirmation asks again."""
    return hashlib.sha256("\n".join(sorted(str(f) for f in findings)).encode()).hexdigest()[:16]
