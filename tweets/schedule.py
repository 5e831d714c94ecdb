"""When the chats are on, as the tweets app may know it. It imports no app above it, so the chats
app registers the function that lists the chats' polling windows in its AppConfig.ready()
(chats/apps.py, chats/chat_hours.py):

    from tweets import schedule
    schedule.register(chat_hours.windows)

Until one is registered no chat is on: chat-hours mode then only sweeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

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


Schedule = Callable[[datetime, datetime], list[ChatWindow]]

_schedule: Schedule | None = None


def register(schedule: Schedule | None) -> None:
    """Install the function listing the polling windows that overlap [since, until] (None removes it)."""
    global _schedule
    _schedule = schedule


def windows(since: datetime, until: datetime) -> list[ChatWindow]:
    """The polling windows of the scheduled chats that overlap [since, until]."""
    return _schedule(since, until) if _schedule is not None else []


def live_hashtags(now: datetime) -> set[str]:
    return {w.hashtag for w in windows(now, now) if w.start <= now <= w.end}
