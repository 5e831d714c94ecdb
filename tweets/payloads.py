"""Pure parsing: X payloads of every format we archive → plain records. No database here.

Formats: X API v2 responses (search pages, lookups, filtered-stream messages, twarc2 JSONL lines,
compliance-stream events) and bare v2 tweets (twarc2 "flattened" lines), v1.1 statuses, search
pages and delete notices, and batch-compliance result lines. A tweet we cannot read becomes a
`Reject` with its reason; the rest of its payload still flows.

The record types live in `tweets.records` and the v1.1 parser in `tweets.payloads_v1`; both are
re-exported here, the one module callers import from.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from .payloads_v1 import V1_CONTROL_KEYS, parse_v1_delete, parse_v1_status, parse_v1_time, v1_status
from .records import (
    AccountRecord,
    DeletionRecord,
    Parsed,
    PayloadError,
    Reject,
    TweetRecord,
    clean,
    dumps,
    error_reason,
    no_nul,
    to_id,
    unique_lower,
)

__all__ = [
    "AccountRecord", "DeletionRecord", "Parsed", "PayloadError", "Reject", "TweetRecord",
    "clean", "detect", "dumps", "no_nul", "parse_compliance", "parse_line", "parse_payload",
    "parse_v1_delete", "parse_v1_status", "parse_v1_time", "parse_v2", "parse_v2_bare_tweet",
    "parse_v2_time", "snowflake_time", "to_id", "unique_lower", "v1_status", "v2_account", "v2_tweet",
]

# v2 compliance-stream events that ask us to delete (or stop showing) something, and their reason.
V2_TWEET_EVENTS = {"delete": "deleted", "drop": "dropped"}
V2_USER_EVENTS = {"user_delete": "deleted", "user_suspend": "suspended", "user_protect": "protected"}
V2_IGNORED_EVENTS = frozenset(
    {"undrop", "withheld", "scrub_geo", "user_undelete", "user_unsuspend", "user_unprotect",
     "user_withheld", "user_profile_modification"}
)


# ---------------------------------------------------------------- entry points


def parse_line(line: bytes | str, compliance_kind: str = "tweets") -> Parsed:
    """One line of a JSONL file or one stream message. Raises PayloadError if unreadable."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise PayloadError(f"invalid JSON: {exc}") from None
    return parse_payload(obj, compliance_kind=compliance_kind)


def parse_payload(obj: Any, compliance_kind: str = "tweets") -> Parsed:
    """Any one payload object, of whichever format it is. `compliance_kind` ("tweets" or
    "users") says what the ids of batch-compliance lines are: the lines do not say."""
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
    if kind == "v2-tweet":
        return parse_v2_bare_tweet(obj)
    if kind == "v1":
        return parse_v1_status(obj)
    if kind == "v1-search":
        return parse_payload(obj["statuses"], compliance_kind)
    if kind == "v1-delete":
        return parse_v1_delete(obj)
    if kind == "compliance":
        return parse_compliance(obj, compliance_kind)
    if kind == "control":
        return Parsed()
    raise PayloadError("unknown payload: neither an X API v2 response, a v1.1 status nor a compliance line")


def detect(obj: dict) -> str:
    if "data" in obj or "includes" in obj or ("errors" in obj and "id_str" not in obj):
        return "v2"
    if "id_str" in obj and "user" in obj:
        return "v1"
    if "id" in obj and "text" in obj and "author_id" in obj:
        return "v2-tweet"
    if isinstance(obj.get("statuses"), list):
        return "v1-search"
    if "delete" in obj:
        return "v1-delete"
    if "action" in obj and "id" in obj:
        return "compliance"
    if len(obj) <= 2 and not V1_CONTROL_KEYS.isdisjoint(obj):
        return "control"
    return "unknown"


# ---------------------------------------------------------------- times


def parse_v2_time(value: str) -> datetime:
    # "2021-04-01T15:52:31.000Z": fromisoformat reads the Z from Python 3.11 on.
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Tweet ids are "snowflakes" since November 2010: the top bits are milliseconds since X's epoch.
SNOWFLAKE_EPOCH_MS = 1288834974657
FIRST_SNOWFLAKE = 29_700_859_247


def snowflake_time(tweet_id: int) -> datetime:
    if tweet_id < FIRST_SNOWFLAKE:
        raise KeyError("created_at")
    return datetime.fromtimestamp(((tweet_id >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, tz=UTC)


# ---------------------------------------------------------------- X API v2


def v2_account(user: dict, profile_at: datetime | None) -> AccountRecord:
    metrics = user.get("public_metrics") or {}
    return AccountRecord(
        id=int(user["id"]),
        handle=no_nul(user.get("username") or ""),
        name=no_nul(user.get("name") or ""),
        bio=clean(user.get("description") or ""),
        avatar_url=user.get("profile_image_url") or "",
        followers_count=metrics.get("followers_count"),
        following_count=metrics.get("following_count"),
        protected=bool(user.get("protected", False)),
        profile_at=profile_at,
    )


def parse_v2(obj: dict) -> Parsed:
    parsed = Parsed()
    data = obj.get("data")
    if isinstance(data, dict) and "id" not in data:
        event = _v2_compliance_event(data)
        if event is not None:
            parsed.deletions.extend(event)
            return parsed
    items = data if isinstance(data, list) else ([data] if data is not None else [])
    includes = obj.get("includes") or {}
    included_tweets = includes.get("tweets") or []
    users = {str(u["id"]): u for u in includes.get("users") or () if isinstance(u, dict) and "id" in u}

    # A users lookup page: `data` holds users, not tweets.
    if items and all(isinstance(i, dict) and "username" in i and "text" not in i for i in items):
        for user in items:
            if "id" in user:
                users.setdefault(str(user["id"]), user)
        items = []

    tweets_by_id = {str(t.get("id")): t for t in included_tweets if isinstance(t, dict)}
    for tweet in items:
        if isinstance(tweet, dict) and "id" in tweet:
            tweets_by_id[str(tweet["id"])] = tweet
    context = _Context(tweets_by_id, users)

    records: dict[int, TweetRecord] = {}
    # Primary tweets first, then the referenced ones from includes (context for threads).
    for tweet in [*items, *included_tweets]:
        if not isinstance(tweet, dict):
            parsed.rejects.append(Reject(dumps(tweet), "tweet is not a JSON object"))
            continue
        try:
            record = v2_tweet(tweet, context)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            parsed.rejects.append(Reject(dumps(tweet), f"malformed v2 tweet: {error_reason(exc)}"))
            continue
        if record.id not in records:
            records[record.id] = record
    parsed.tweets.extend(records.values())

    profile_at = _v2_profile_time(obj, items)
    for user in users.values():
        try:
            parsed.accounts.append(v2_account(user, profile_at))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a user object without a usable id carries nothing we can store
    return parsed


def parse_v2_bare_tweet(tweet: dict) -> Parsed:
    """A v2 tweet on its own (a twarc2 "flattened" line, or an element of a list of tweets):
    expansions, when present, sit inline as `author` and full `referenced_tweets` objects."""
    users = [tweet["author"]] if isinstance(tweet.get("author"), dict) else []
    included = []
    for ref in tweet.get("referenced_tweets") or ():
        if isinstance(ref, dict) and "text" in ref and "author_id" in ref:
            included.append({k: v for k, v in ref.items() if k != "type"})
            if isinstance(ref.get("author"), dict):
                users.append(ref["author"])
    envelope = {"data": tweet, "includes": {"users": users, "tweets": included}}
    if "__twarc" in tweet:
        envelope["__twarc"] = tweet["__twarc"]
    return parse_v2(envelope)


class _Context:
    """What the rest of a response says about the tweets and users a tweet refers to."""

    __slots__ = ("tweets_by_id", "users", "_handles")

    def __init__(self, tweets_by_id: dict[str, dict], users: dict[str, dict]):
        self.tweets_by_id = tweets_by_id
        self.users = users
        self._handles: dict[str, int] | None = None

    def author_of(self, tweet_id: str | None) -> int | None:
        ref = self.tweets_by_id.get(tweet_id) if tweet_id else None
        return to_id(ref.get("author_id")) if isinstance(ref, dict) else None

    def user_id_for(self, username: str) -> int | None:
        # Older payloads give mentions without ids; the users expansion has them by handle.
        if self._handles is None:
            self._handles = {}
            for uid, user in self.users.items():
                handle = user.get("username")
                if isinstance(handle, str) and (found := to_id(uid)) is not None:
                    self._handles[handle.lower()] = found
        return self._handles.get(username.lower())

    def mentions(self, entities: dict) -> dict[int, str]:
        found: dict[int, str] = {}
        for mention in entities.get("mentions") or ():
            if not isinstance(mention, dict):
                continue
            username = mention.get("username") or ""
            mentioned_id = to_id(mention.get("id")) or self.user_id_for(username)
            if mentioned_id is not None and mentioned_id not in found:
                found[mentioned_id] = no_nul(username)
        return found


def _hashtags(entities: dict) -> list[str]:
    return [h.get("tag") or "" for h in entities.get("hashtags") or () if h.__class__ is dict]


def v2_tweet(tweet: dict, context: _Context) -> TweetRecord:
    tweet_id = int(tweet["id"])
    author_id = int(tweet["author_id"])
    created = tweet.get("created_at")
    created_at = parse_v2_time(created) if created else snowflake_time(tweet_id)
    # A tweet over 280 characters carries its whole text and entities in `note_tweet`.
    note = tweet.get("note_tweet") or {}
    text = note.get("text") or tweet.get("text") or ""
    entities = note.get("entities") or tweet.get("entities") or {}

    refs = {r.get("type"): str(r.get("id")) for r in tweet.get("referenced_tweets") or () if isinstance(r, dict)}
    replied_to = to_id(refs.get("replied_to"))
    quoted = to_id(refs.get("quoted"))
    retweeted = to_id(refs.get("retweeted"))
    kind = "retweet" if retweeted else "reply" if replied_to else "quote" if quoted else "original"

    hashtags = _hashtags(entities)
    mentions = context.mentions(entities)
    retweeted_author = None
    if retweeted:
        text, retweeted_author = _v2_retweet(text, refs["retweeted"], mentions, hashtags, context)

    return TweetRecord(
        id=tweet_id,
        author_id=author_id,
        created_at=created_at,
        text=clean(text),
        kind=kind,
        lang=tweet.get("lang") or "",
        # X gives every tweet that does not reply its own id as conversation; older captures
        # lack the field, and for those a reply's conversation stays unknown.
        conversation_id=to_id(tweet.get("conversation_id")) or (None if replied_to else tweet_id),
        replied_to_id=replied_to,
        replied_to_author_id=to_id(tweet.get("in_reply_to_user_id")) or context.author_of(refs.get("replied_to")),
        quoted_id=quoted,
        quoted_author_id=context.author_of(refs.get("quoted")),
        retweeted_id=retweeted,
        retweeted_author_id=retweeted_author,
        hashtags=unique_lower(hashtags),
        mentions=tuple(mentions.items()),
        raw=dumps(tweet),
    )


def _v2_retweet(
    text: str, original_id: str, mentions: dict[int, str], hashtags: list[str], context: _Context
) -> tuple[str, int | None]:
    """A retweet's own text is cut at 140 characters ("RT @someone: …") and loses the hashtags
    and mentions past the cut. When the response includes the retweeted tweet, take its whole
    text and entities, so that the stored text and the hashtag and mention rows agree. Returns
    the full text and the retweeted tweet's author (from the include, else the "RT @" mention)."""
    rt_handle = text[4 : text.find(":")] if text.startswith("RT @") and ":" in text else ""
    rt_author = None
    if rt_handle:
        rt_author = next((i for i, h in mentions.items() if h.lower() == rt_handle.lower()), None)
        rt_author = rt_author or context.user_id_for(rt_handle)
    original = context.tweets_by_id.get(original_id)
    if not isinstance(original, dict):
        return text, rt_author
    original_author = to_id(original.get("author_id")) or rt_author
    note = original.get("note_tweet") or {}
    original_text = note.get("text") or original.get("text") or ""
    original_entities = note.get("entities") or original.get("entities") or {}
    hashtags += _hashtags(original_entities)
    for mentioned_id, handle in context.mentions(original_entities).items():
        mentions.setdefault(mentioned_id, handle)
    handle = (context.users.get(str(original_author)) or {}).get("username") or rt_handle
    if handle and original_text:
        text = f"RT @{handle}: {original_text}"
    return text, original_author


def _v2_profile_time(obj: dict, items: list) -> datetime | None:
    retrieved = (obj.get("__twarc") or {}).get("retrieved_at")
    if isinstance(retrieved, str):
        try:
            return parse_v2_time(retrieved)
        except ValueError:
            pass
    latest = None
    for tweet in items:
        created = tweet.get("created_at") if isinstance(tweet, dict) else None
        if isinstance(created, str) and (latest is None or created > latest):
            latest = created  # same fixed format throughout, so the strings sort as times
    if latest is None:
        return None
    try:
        return parse_v2_time(latest)
    except ValueError:
        return None


def _v2_compliance_event(data: dict) -> list[DeletionRecord] | None:
    """A compliance-stream event, or None if `data` is no event we know."""
    for key, reason in V2_TWEET_EVENTS.items():
        if isinstance(data.get(key), dict):
            tweet = data[key].get("tweet") or {}
            tweet_id = to_id(tweet.get("id"))
            if tweet_id is None:
                raise PayloadError(f"compliance event {key!r} without a tweet id")
            return [DeletionRecord(tweet_id=tweet_id, reason=reason, author_id=to_id(tweet.get("author_id")))]
    for key, reason in V2_USER_EVENTS.items():
        if isinstance(data.get(key), dict):
            user_id = to_id((data[key].get("user") or {}).get("id"))
            if user_id is None:
                raise PayloadError(f"compliance event {key!r} without a user id")
            return [DeletionRecord(user_id=user_id, reason=reason)]
    if not V2_IGNORED_EVENTS.isdisjoint(data):
        return []
    return None


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
