"""iCalendar (RFC 5545) feeds of scheduled chats, written by hand: the format is small and a
library would add more than it saves. Times are UTC ("Z"), so no VTIMEZONE is needed and every
calendar app shows them in its own zone. Lines end in CRLF and are folded at 75 octets."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from tweets.models import Community

from .models import Tweetchat

PRODID = "-//WeCommunities//#MyWe chats//EN"


def feed(
    chats: Iterable[Tweetchat], name: str, now: datetime, community: Community | None = None, site_url: str = ""
) -> str:
    """The whole VCALENDAR text for `chats` (each with its community loaded). Event URLs start
    with `site_url`, the address the feed was asked for (SITE_URL when there is no request);
    UIDs always name SITE_URL's host, so an event keeps its identity however it was reached."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-CALDESC:"
        + escape_text(f"Tweetchats of {community.display_hashtag}" if community else "Tweetchats of every WeCommunity"),
        # Asks subscribing apps to refresh twice a day (both spellings are in use).
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for chat in chats:
        lines.extend(_event(chat, now, site_url or settings.SITE_URL))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event(chat: Tweetchat, now: datetime, site_url: str) -> list[str]:
    url = site_url + chat.get_absolute_url()
    questions = "\n".join(f"Q{i}: {q}" for i, q in enumerate(chat.questions or [], start=1))
    description = "\n\n".join(
        part
        for part in [chat.description, questions, f"Join in with {chat.community.display_hashtag} on X. {url}"]
        if part
    )
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return [
        "BEGIN:VEVENT",
        f"UID:chat-{chat.pk}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(chat.start)}",
        f"DTEND:{utc(chat.end)}",
        f"SUMMARY:{escape_text(f'{chat.community.display_hashtag}: {chat.topic}')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"LOCATION:{escape_text('X (Twitter), ' + chat.community.display_hashtag)}",
        f"CATEGORIES:{escape_text(chat.community.display_hashtag.lstrip('#'))}",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space, never inside a
    multi-byte character (RFC 5545 §3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= limit:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    room = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            pieces.append(current)
            current, size, room = "", 0, limit - 1  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
