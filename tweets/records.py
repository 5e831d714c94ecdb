"""The records the payload parsers produce, and the value readers that both X API versions
share. Pure: no database. `tweets.payloads` re-exports them, so callers import from there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson


class PayloadError(ValueError):
    """The whole payload is unreadable (not JSON, or of no shape we know)."""


@dataclass(slots=True)
class AccountRecord:
    id: int
    handle: str = ""
    name: str = ""
    bio: str = ""
    avatar_url: str = ""
    followers_count: int | None = None
    following_count: int | None = None
    protected: bool = False
    # When this profile was current; None when the payload does not say.
    profile_at: datetime | None = None

    @property
    def is_bare(self) -> bool:
        """Only the id is known (an author whose user object the payload did not include)."""
        return not self.handle


@dataclass(slots=True)
class TweetRecord:
    id: int
    author_id: int
    created_at: datetime
    text: str
    kind: str = "original"
    lang: str = ""
    conversation_id: int | None = None
    replied_to_id: int | None = None
    replied_to_author_id: int | None = None
    quoted_id: int | None = None
    quoted_author_id: int | None = None
    retweeted_id: int | None = None
    retweeted_author_id: int | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[tuple[int, str], ...] = ()
    raw: str = ""


@dataclass(slots=True)
class DeletionRecord:
    tweet_id: int | None = None
    user_id: int | None = None
    reason: str = "deleted"
    # The deleted tweet's author, when the notice says (kept on the tombstone).
    author_id: int | None = None


@dataclass(slots=True)
class Reject:
    raw: str
    reason: str


@dataclass(slots=True)
class Parsed:
    tweets: list[TweetRecord] = field(default_factory=list)
    accounts: list[AccountRecord] = field(default_factory=list)
    deletions: list[DeletionRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def extend(self, other: Parsed) -> None:
        self.tweets.extend(other.tweets)
        self.accounts.extend(other.accounts)
        self.deletions.extend(other.deletions)
        self.rejects.extend(other.rejects)


# ---------------------------------------------------------------- values


def to_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def dumps(obj: Any) -> str:
    return orjson.dumps(obj).decode()


def clean(text: str) -> str:
    """X's text with its HTML escapes undone (X sends '&amp;', '&lt;', '&gt;' for the three
    characters; our templates escape on output) and without NUL, which PostgreSQL text refuses."""
    if "&" in text:
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def no_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


def unique_lower(tags: Iterable[str]) -> tuple[str, ...]:
    seen = dict.fromkeys(tag.lstrip("#").lower() for tag in tags if tag)
    seen.pop("", None)
    if any("\x00" in tag for tag in seen):
        return unique_lower(tag.replace("\x00", "") for tag in seen)
    return tuple(seen)


def error_reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) or type(exc).__name__
