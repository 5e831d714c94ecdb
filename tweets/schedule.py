"""When the chats are on, as the tweets app may know it: it imports no app above it, so
settings.CHAT_SCHEDULE names the function that lists the chats' polling windows
(chats/chat_hours.py), as INSTALLED_APPS names apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.module_loading import import_string

# A chat's hashtag is polled from 15 minutes before it starts (early birds, the host's
# welcome) to 30 minutes after it ends (the last replies, the host's thanks).
POLL_BEFORE = timedelta(minutes=15)
POLL_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class ChatWindow:
    """When one community's hashtag is polled for one chat."""

    hashtag: str
    start: datetime
    end: datetime


def windows(since: datetime, until: datetime) -> list[ChatWindow]:
    """The polling windows of the scheduled chats that overlap [since, until]."""
    return import_string(settings.CHAT_SCHEDULE)(since, until)


def live_hashtags(now: datetime) -> set[str]:
    return {w.hashtag for w in windows(now, now) if w.start <= now <= w.end}
