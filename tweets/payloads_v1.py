"""Pure parsing of X API v1.1 payloads: statuses (from the stream, REST and search pages, with
their retweeted and quoted statuses) and delete notices. `tweets.payloads` tells the formats
apart and calls in here."""

from __future__ import annotations

from datetime import datetime

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

# Stream messages that carry no tweet, profile or deletion (rate-limit notices, geo scrubbing,
# withholding, warnings): there is nothing to archive, and they are not errors either.
V1_CONTROL_KEYS = frozenset(
    {"limit", "scrub_geo", "status_withheld", "user_withheld", "warning", "disconnect", "friends",
     "friends_str", "event", "control", "for_user"}
)


def parse_v1_time(value: str) -> datetime:
    return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")


def parse_v1_status(status: dict) -> Parsed:
    parsed = Parsed()
    # Embedded user objects are as current as the outermost status, whatever their tweets' age.
    try:
        profile_at = parse_v1_time(status["created_at"])
    except (KeyError, TypeError, ValueError):
        profile_at = None
    _v1_collect(status, parsed, set(), profile_at)
    return parsed


def _v1_collect(status: dict, parsed: Parsed, seen: set[int], profile_at: datetime | None) -> None:
    try:
        record, account = v1_status(status, profile_at)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        parsed.rejects.append(Reject(dumps(status), f"malformed v1.1 status: {error_reason(exc)}"))
        return
    if record.id not in seen:
        seen.add(record.id)
        parsed.tweets.append(record)
        parsed.accounts.append(account)
    for key in ("retweeted_status", "quoted_status"):
        inner = status.get(key)
        if isinstance(inner, dict):
            _v1_collect(inner, parsed, seen, profile_at)


def _v1_id(obj: dict, key: str = "id") -> int | None:
    return to_id(obj.get(f"{key}_str") or obj.get(key))


def _v1_entities(status: dict) -> tuple[str, dict]:
    # Statuses over 140 characters come from the stream with `extended_tweet`; REST answers
    # with tweet_mode=extended put the whole text in `full_text`.
    extended = status.get("extended_tweet") or {}
    text = extended.get("full_text") or status.get("full_text") or status.get("text") or ""
    return text, extended.get("entities") or status.get("entities") or {}


def _v1_mentions(entities: dict) -> dict[int, str]:
    mentions: dict[int, str] = {}
    for mention in entities.get("user_mentions") or ():
        mentioned_id = _v1_id(mention) if isinstance(mention, dict) else None
        if mentioned_id is not None and mentioned_id not in mentions:
            mentions[mentioned_id] = no_nul(mention.get("screen_name") or "")
    return mentions


def v1_status(status: dict, profile_at: datetime | None = None) -> tuple[TweetRecord, AccountRecord]:
    user = status["user"]
    created_at = parse_v1_time(status["created_at"])
    text, entities = _v1_entities(status)
    hashtags = [h.get("text") or "" for h in entities.get("hashtags") or () if isinstance(h, dict)]
    mentions = _v1_mentions(entities)

    retweeted = status.get("retweeted_status")
    quoted = status.get("quoted_status")
    replied_to = _v1_id(status, "in_reply_to_status_id")
    retweeted_author = None
    if isinstance(retweeted, dict):
        # As in v2, a retweet's own text is cut short: the retweeted status has it whole.
        original_user = retweeted.get("user") or {}
        original_text, original_entities = _v1_entities(retweeted)
        text = f"RT @{original_user.get('screen_name', '')}: {original_text}"
        hashtags += [h.get("text") or "" for h in original_entities.get("hashtags") or () if isinstance(h, dict)]
        for mentioned_id, handle in _v1_mentions(original_entities).items():
            mentions.setdefault(mentioned_id, handle)
        retweeted_author = _v1_id(original_user)
    quoted_id = _v1_id(status, "quoted_status_id") or (_v1_id(quoted) if isinstance(quoted, dict) else None)
    if retweeted:
        kind = "retweet"
    elif replied_to:
        kind = "reply"
    elif quoted_id or status.get("is_quote_status"):
        kind = "quote"
    else:
        kind = "original"

    tweet_id = int(status.get("id_str") or status["id"])
    author_id = int(user.get("id_str") or user["id"])
    record = TweetRecord(
        id=tweet_id,
        author_id=author_id,
        created_at=created_at,
        text=clean(text),
        kind=kind,
        lang=status.get("lang") or "",
        # v1.1 has no conversation ids; a tweet that replies to nothing starts its own.
        conversation_id=None if replied_to else tweet_id,
        replied_to_id=replied_to,
        replied_to_author_id=_v1_id(status, "in_reply_to_user_id"),
        quoted_id=quoted_id,
        quoted_author_id=_v1_id(quoted["user"]) if isinstance(quoted, dict) and isinstance(quoted.get("user"), dict) else None,
        retweeted_id=_v1_id(retweeted) if isinstance(retweeted, dict) else None,
        retweeted_author_id=retweeted_author,
        hashtags=unique_lower(hashtags),
        mentions=tuple(mentions.items()),
        # The embedded statuses are archived as tweets of their own, each with its raw JSON.
        raw=dumps({k: v for k, v in status.items() if k not in ("retweeted_status", "quoted_status")}),
    )
    account = AccountRecord(
        id=author_id,
        handle=no_nul(user.get("screen_name") or ""),
        name=no_nul(user.get("name") or ""),
        bio=clean(user.get("description") or ""),
        avatar_url=user.get("profile_image_url_https") or user.get("profile_image_url") or "",
        followers_count=user.get("followers_count"),
        following_count=user.get("friends_count"),
        protected=bool(user.get("protected", False)),
        profile_at=profile_at or created_at,
    )
    return record, account


def parse_v1_delete(obj: dict) -> Parsed:
    status = (obj.get("delete") or {}).get("status") or {}
    tweet_id = _v1_id(status)
    if tweet_id is None:
        raise PayloadError("v1.1 delete notice without a status id")
    return Parsed(deletions=[DeletionRecord(tweet_id=tweet_id, reason="deleted", author_id=_v1_id(status, "user_id"))])
