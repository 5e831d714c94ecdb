"""Which chats are on, for the archive's chat-hours mode (tweets/schedule.py, which imports no app
above it: chats/apps.py registers `windows` with it)."""

from __future__ import annotations

from datetime import datetime

from tweets.schedule import POLL_AFTER, POLL_BEFORE, ChatWindow

from .models import Tweetchat


def windows(since: datetime, until: datetime) -> list[ChatWindow]:
    """The polling windows (POLL_BEFORE the start to POLL_AFTER the end) of the scheduled and
    archived chats that overlap [since, until], in one query."""
    chats = (
        Tweetchat.objects.on_calendar()
        .filter(start__lte=until + POLL_BEFORE, end__gte=since - POLL_AFTER)
        .values_list("community__hashtag", "start", "end")
    )
    return [ChatWindow(tag, start - POLL_BEFORE, end + POLL_AFTER) for tag, start, end in chats]
