"""Pure parsing: X payloads of every format we archive → plain records. No database here.

Formats: X API v2 responses (search pages, lookups, filtered-stream messages, twarc2 JSONL lines,
compliance-stream events), v1.1 statuses and delete notices, and batch-compliance result lines.
A tweet we cannot read becomes a `Reject` with its reason; the rest of its payload still flows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

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
    # When this profile was current; None for a bare id we know nothing else about.
    profile_at: datetime | None = None


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


# ---------------------------------------------------------------- entry points


def parse_line(line: bytes | str, compliance_kind: str = "tweets") -> Parsed:
    """One line of a JSONL file or one stream message. Raises PayloadError if unreadable."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise PayloadError(f"invalid JSON: {exc}") from None
    return parse_payload(obj, compliance_kind=compliance_kind)


def parse_payload(obj: Any, compliance_kind: str = "tweets") -> Parsed:
    """Any one payload object, of whichever format it is."""
    if isinstance(obj, list):
        parsed = Parsed()
        for item in obj:
            parsed.extend(parse_payload(item, compliance_kind))
        return parsed
    if not isinstance(obj, dict):
        raise PayloadError(f"expected a JSON object, got {type(obj).__name__}")
    kind = detect(obj)
    if kind == "v2":
        return parse_v2(obj)
    if kind == "v1":
        return parse_v1_status(obj)
    if kind == "v1-delete":
        return parse_v1_delete(obj)
    if kind == "compliance":
        return parse_compliance(obj, compliance_kind)
    raise PayloadError("unknown payload: neither an X API v2 response, a v1.1 status nor a compliance line")


def detect(obj: dict) -> str:
    if "data" in obj or "includes" in obj or ("errors" in obj and "id_str" not in obj):
        return "v2"
    if "id_str" in obj and "user" in obj:
        return "v1"
    if "delete" in obj:
        return "v1-delete"
    if "action" in obj and "id" in obj:
        return "compliance"
    return "unknown"


# ---------------------------------------------------------------- helpers


def to_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_v2_time(value: str) -> datetime:
    # "2021-04-01T15:52:31.000Z": fromisoformat reads the Z from Python 3.11 on.
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_v1_time(value: str) -> datetime:
    return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")


def dumps(obj: Any) -> str:
    return orjson.dumps(obj).decode()


def unique_lower(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        if tag:
            seen.setdefault(tag.lstrip("#").lower(), None)
    return tuple(seen)


# ---------------------------------------------------------------- X API v2


def v2_account(user: dict, profile_at: datetime | None) -> AccountRecord:
    metrics = user.get("public_metrics") or {}
    return AccountRecord(
        id=int(user["id"]),
        handle=user.get("username") or "",
        name=user.get("name") or "",
        bio=user.get("description") or "",
        avatar_url=user.get("profile_image_url") or "",
        followers_count=metrics.get("followers_count"),
        following_count=metrics.get("following_count"),
        protected=bool(user.get("protected", False)),
        profile_at=profile_at,
    )


def parse_v2(obj: dict) -> Parsed:
    parsed = Parsed()
    data = obj.get("data")
    if isinstance(data, dict) and _is_compliance_event(data):
        parsed.deletions.extend(_v2_compliance_event(data))
        return parsed
    items = data if isinstance(data, list) else ([data] if isinstance(data, dict) else [])
    includes = obj.get("includes") or {}
    included_tweets = [t for t in includes.get("tweets") or [] if isinstance(t, dict)]
    users = {str(u["id"]): u for u in includes.get("users") or [] if isinstance(u, dict) and "id" in u}

    # A users lookup page: `data` holds users, not tweets.
    if items and all(isinstance(i, dict) and "username" in i and "text" not in i for i in items):
        for user in items:
            users.setdefault(str(user["id"]), user)
        items = []

    tweets_by_id = {str(t.get("id")): t for t in included_tweets}
    for tweet in items:
        if isinstance(tweet, dict) and "id" in tweet:
            tweets_by_id[str(tweet["id"])] = tweet
    handles = {u.get("username", "").lower(): str(uid) for uid, u in users.items()}

    profile_at = _v2_profile_time(obj, items)
    records: dict[int, TweetRecord] = {}
    # Primary tweets first, then the referenced ones from includes (context for threads).
    for tweet in [*items, *included_tweets]:
        if not isinstance(tweet, dict):
            parsed.rejects.append(Reject(dumps(tweet), "tweet is not a JSON object"))
            continue
        try:
            record = v2_tweet(tweet, tweets_by_id, users, handles)
        except (KeyError, TypeError, ValueError) as exc:
            parsed.rejects.append(Reject(dumps(tweet), f"malformed v2 tweet: {_describe(exc)}"))
            continue
        records.setdefault(record.id, record)
    parsed.tweets.extend(records.values())

    for user in users.values():
        try:
            parsed.accounts.append(v2_account(user, profile_at))
        except (KeyError, TypeError, ValueError):
            continue  # a user object without an id carries nothing we can store
    return parsed


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


def _v2_profile_time(obj: dict, items: list) -> datetime | None:
    retrieved = (obj.get("__twarc") or {}).get("retrieved_at")
    if retrieved:
        try:
            return parse_v2_time(retrieved)
        except ValueError:
            pass
    times = []
    for tweet in items:
        if isinstance(tweet, dict) and isinstance(tweet.get("created_at"), str):
            try:
                times.append(parse_v2_time(tweet["created_at"]))
            except ValueError:
                continue
    return max(times) if times else None


def v2_tweet(tweet: dict, tweets_by_id: dict, users: dict, handles: dict) -> TweetRecord:
    tweet_id = int(tweet["id"])
    author_id = int(tweet["author_id"])
    created_at = parse_v2_time(tweet["created_at"])
    note = tweet.get("note_tweet") or {}
    text = note.get("text") or tweet.get("text") or ""
    entities = note.get("entities") or tweet.get("entities") or {}

    refs = {r.get("type"): str(r.get("id")) for r in tweet.get("referenced_tweets") or [] if isinstance(r, dict)}
    replied_to = to_id(refs.get("replied_to"))
    quoted = to_id(refs.get("quoted"))
    retweeted = to_id(refs.get("retweeted"))
    kind = "retweet" if retweeted else "reply" if replied_to else "quote" if quoted else "original"

    def author_of(ref_id: str | None) -> int | None:
        ref = tweets_by_id.get(ref_id) if ref_id else None
        return to_id(ref.get("author_id")) if isinstance(ref, dict) else None

    hashtags = [h.get("tag", "") for h in entities.get("hashtags") or [] if isinstance(h, dict)]
    if retweeted:
        # A retweet's own text is cut at 140 characters and may lose hashtags and mentions:
        # take both, and the full text, from the retweeted tweet when the payload includes it.
        original = tweets_by_id.get(refs["retweeted"])
        if isinstance(original, dict):
            original_author = users.get(str(original.get("author_id")), {})
            original_entities = original.get("entities") or {}
            hashtags += [h.get("tag", "") for h in original_entities.get("hashtags") or [] if isinstance(h, dict)]
            original_text = (original.get("note_tweet") or {}).get("text") or original.get("text") or ""
            if original_author.get("username") and original_text:
                text = f"RT @{original_author['username']}: {original_text}"

    mentions: dict[int, str] = {}
    for mention in entities.get("mentions") or []:
        if not isinstance(mention, dict):
            continue
        username = mention.get("username") or ""
        mentioned_id = to_id(mention.get("id")) or to_id(handles.get(username.lower()))
        if mentioned_id is not None:
            mentions.setdefault(mentioned_id, username)

    return TweetRecord(
        id=tweet_id,
        author_id=author_id,
        created_at=created_at,
        text=text,
        kind=kind,
        lang=tweet.get("lang") or "",
        conversation_id=to_id(tweet.get("conversation_id")),
        replied_to_id=replied_to,
        replied_to_author_id=to_id(tweet.get("in_reply_to_user_id")) or author_of(refs.get("replied_to")),
        quoted_id=quoted,
        quoted_author_id=author_of(refs.get("quoted")),
        retweeted_id=retweeted,
        retweeted_author_id=author_of(refs.get("retweeted")),
        hashtags=unique_lower(hashtags),
        mentions=tuple(mentions.items()),
        raw=dumps(tweet),
    )


def _is_compliance_event(data: dict) -> bool:
    return any(key in data for key in ("delete", "user_delete", "user_suspend", "user_protect"))


def _v2_compliance_event(data: dict) -> list[DeletionRecord]:
    if "delete" in data:
        tweet = (data["delete"] or {}).get("tweet") or {}
        return [DeletionRecord(tweet_id=to_id(tweet.get("id")), user_id=None, reason="deleted")]
    for key, reason in (("user_delete", "deleted"), ("user_suspend", "suspended"), ("user_protect", "protected")):
        if key in data:
            user = (data[key] or {}).get("user") or {}
            return [DeletionRecord(user_id=to_id(user.get("id")), reason=reason)]
    return []


# ---------------------------------------------------------------- v1.1


def parse_v1_status(status: dict) -> Parsed:
    parsed = Parsed()
    seen: set[int] = set()
    _v1_collect(status, parsed, seen)
    return parsed


def _v1_collect(status: dict, parsed: Parsed, seen: set[int]) -> None:
    try:
        record, account = v1_status(status)
    except (KeyError, TypeError, ValueError) as exc:
        parsed.rejects.append(Reject(dumps(status), f"malformed v1.1 status: {_describe(exc)}"))
        return
    if record.id not in seen:
        seen.add(record.id)
        parsed.tweets.append(record)
        parsed.accounts.append(account)
    for key in ("retweeted_status", "quoted_status"):
        inner = status.get(key)
        if isinstance(inner, dict):
            _v1_collect(inner, parsed, seen)


def v1_status(status: dict) -> tuple[TweetRecord, AccountRecord]:
    user = status["user"]
    created_at = parse_v1_time(status["created_at"])
    extended = status.get("extended_tweet") or {}
    text = extended.get("full_text") or status.get("full_text") or status.get("text") or ""
    entities = extended.get("entities") or status.get("entities") or {}
    hashtags = [h.get("text", "") for h in entities.get("hashtags") or [] if isinstance(h, dict)]

    retweeted = status.get("retweeted_status")
    quoted = status.get("quoted_status")
    replied_to = to_id(status.get("in_reply_to_status_id_str") or status.get("in_reply_to_status_id"))
    if isinstance(retweeted, dict):
        original, _ = v1_status(retweeted)
        text = f"RT @{retweeted['user'].get('screen_name', '')}: {original.text}"
        hashtags += list(original.hashtags)
    kind = "retweet" if retweeted else "reply" if replied_to else "quote" if (quoted or status.get("is_quote_status")) else "original"

    mentions: dict[int, str] = {}
    for mention in entities.get("user_mentions") or []:
        mentioned_id = to_id(mention.get("id_str") or mention.get("id")) if isinstance(mention, dict) else None
        if mentioned_id is not None:
            mentions.setdefault(mentioned_id, mention.get("screen_name", ""))

    tweet_id = int(status.get("id_str") or status["id"])
    record = TweetRecord(
        id=tweet_id,
        author_id=int(user.get("id_str") or user["id"]),
        created_at=created_at,
        text=text,
        kind=kind,
        lang=status.get("lang") or "",
        # v1.1 has no conversation ids; an original starts its own conversation.
        conversation_id=tweet_id if kind == "original" else None,
        replied_to_id=replied_to,
        replied_to_author_id=to_id(status.get("in_reply_to_user_id_str") or status.get("in_reply_to_user_id")),
        quoted_id=to_id(status.get("quoted_status_id_str")) or (to_id(quoted.get("id_str")) if isinstance(quoted, dict) else None),
        quoted_author_id=to_id(quoted["user"].get("id_str")) if isinstance(quoted, dict) and isinstance(quoted.get("user"), dict) else None,
        retweeted_id=to_id(retweeted.get("id_str")) if isinstance(retweeted, dict) else None,
        retweeted_author_id=to_id(retweeted["user"].get("id_str")) if isinstance(retweeted, dict) else None,
        hashtags=unique_lower(hashtags),
        mentions=tuple(mentions.items()),
        raw=dumps({k: v for k, v in status.items() if k not in ("retweeted_status", "quoted_status")}),
    )
    account = AccountRecord(
        id=record.author_id,
        handle=user.get("screen_name") or "",
        name=user.get("name") or "",
        bio=user.get("description") or "",
        avatar_url=user.get("profile_image_url_https") or user.get("profile_image_url") or "",
        followers_count=user.get("followers_count"),
        following_count=user.get("friends_count"),
        protected=bool(user.get("protected", False)),
        profile_at=created_at,
    )
    return record, account


def parse_v1_delete(obj: dict) -> Parsed:
    status = (obj.get("delete") or {}).get("status") or {}
    tweet_id = to_id(status.get("id_str") or status.get("id"))
    if tweet_id is None:
        raise PayloadError("v1.1 delete notice without a status id")
    return Parsed(deletions=[DeletionRecord(tweet_id=tweet_id, user_id=None, reason="deleted")])


# ---------------------------------------------------------------- batch compliance


def parse_compliance(obj: dict, compliance_kind: str) -> Parsed:
    """A batch-compliance result line. Its shape is the same for tweets and users, so the
    caller says which the file holds (import_tweets tells from the file name or a flag)."""
    target = to_id(obj.get("id"))
    if target is None:
        raise PayloadError("compliance line without an id")
    if obj.get("action") != "delete":
        return Parsed()
    reason = str(obj.get("reason") or "deleted")
    if compliance_kind == "users":
        return Parsed(deletions=[DeletionRecord(user_id=target, reason=reason)])
    return Parsed(deletions=[DeletionRecord(tweet_id=target, reason=reason)])
