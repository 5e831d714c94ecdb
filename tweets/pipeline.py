"""How live archiving is doing, for `manage.py pipeline_status` and the staff status page:
the buffer's backlog, pending messages and consumers, whether its Redis keeps them (AOF, no
eviction), whether archiving waits for the database, the stream's connection, how far the
stream's coverage reaches, the newest archived tweet and its age, the last batch, the dead
letters by reason, and what reading X costs this month (tweets/usage.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from .buffer import Buffer
from .models import DeadLetter, Tweet
from .usage import Usage, usage


@dataclass
class PipelineStatus:
    now: datetime
    buffered: bool  # False: no Redis, tweets are archived in-process
    buffer_error: str = ""
    length: int | None = None
    pending: int | None = None
    consumers: list[dict[str, Any]] = field(default_factory=list)
    stream_connected: str | None = None  # who, when connected
    stream_locked: bool = False
    paused_for_ms: int = 0
    database_wait: dict[str, Any] = field(default_factory=dict)  # since, attempts, error, retry_at
    durable: bool | None = None  # None: unknown (CONFIG refused)
    durability_problems: list[str] = field(default_factory=list)
    durability_unknown: str = ""
    covered_until: datetime | None = None
    gap_open: bool = False  # Redis lost its data: a backfill is due from covered_until
    last_batch: dict[str, Any] = field(default_factory=dict)
    newest_tweet: dict[str, Any] | None = None
    dead_letters: list[dict[str, Any]] = field(default_factory=list)
    dead_letters_total: int = 0
    x_usage: Usage | None = None

    @property
    def newest_age(self) -> timedelta | None:
        return self.now - self.newest_tweet["created_at"] if self.newest_tweet else None

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "x_usage"}
        if self.x_usage is not None:
            plan = self.x_usage.plan
            data["x_reads"] = {"mode": self.x_usage.mode, "budget": plan.budget, "spent": plan.spent,
                               "forecast": plan.forecast, "paused": plan.paused}
        data["newest_age_seconds"] = self.newest_age.total_seconds() if self.newest_age is not None else None
        return data


def status(top_reasons: int = 20) -> PipelineStatus:
    now = timezone.now()
    state = PipelineStatus(now=now, buffered=bool(settings.REDIS_URL))
    if state.buffered:
        _read_buffer(state, now)
    # The newest tweet by id: ids are snowflakes (time-ordered), so this reads one index entry.
    newest = Tweet.objects.order_by("-id").values("id", "created_at", "archived_at", "author__handle").first()
    state.newest_tweet = newest
    reasons = DeadLetter.objects.values("reason").annotate(count=Count("id"), latest=Max("received_at"))
    state.dead_letters = list(reasons.order_by("-count", "reason")[:top_reasons])
    state.dead_letters_total = DeadLetter.objects.count()
    state.x_usage = usage(now=now)
    return state


def _read_buffer(state: PipelineStatus, now: datetime) -> None:
    try:
        buffer = Buffer.from_settings()
        figures = buffer.figures()
        last = buffer.last_batch()
    except Exception as exc:  # Redis away: say so rather than fail the page
        state.buffer_error = f"{type(exc).__name__}: {exc}"
        return
    state.length = figures["length"]
    state.pending = figures["pending"]
    state.consumers = figures["consumers"]
    state.stream_connected = figures["stream_connected"]
    state.stream_locked = figures["stream_locked"]
    state.paused_for_ms = figures["paused_for_ms"]
    state.database_wait = _database_wait(buffer.database_wait(), now)
    durability = buffer.durability()
    state.durable = None if durability.unknown else not durability.problems
    state.durability_problems = durability.problems
    state.durability_unknown = durability.unknown
    covered, state.gap_open = buffer.covered_until()
    state.covered_until = _moment(covered, now) if covered else None
    if last:
        state.last_batch = {
            "committed_at": _moment(int(last["committed_ms"]), now),
            "messages": int(last.get("messages", 0)),
            "new": int(last.get("new", 0)),
            "dead_lettered": int(last.get("dead_lettered", 0)),
            "lag_seconds": int(last.get("lag_ms", 0)) / 1000,
            "consumer": last.get("consumer", ""),
        }


def _database_wait(wait: dict[str, str], now: datetime) -> dict[str, Any]:
    if not wait:
        return {}
    return {
        "since": _moment(int(wait.get("since_ms", 0)), now),
        "attempts": int(wait.get("attempts", 0)),
        "error": wait.get("error", ""),
        "retry_at": _moment(int(wait.get("retry_at_ms", 0)), now),
    }


def _moment(ms: int, now: datetime) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=now.tzinfo)
