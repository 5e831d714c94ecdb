"""Thin Celery tasks for live archiving; the work is in tweets/intake.py, tweets/recheck.py and
tweets/backfill.py.

Beat starts `archive_buffer` every ARCHIVE_EVERY_MS (default 1 s). Each run drains the Redis
buffer until it has been empty for one tick's time or ARCHIVE_BUDGET seconds have passed, then
ends: while tweets keep coming, each is read as it arrives, not at the next tick. Why Beat and not a
task that loops forever: a forever-task is killed by the task time limit, a self-re-enqueuing
chain breaks for good when its worker is killed (the broker redelivers its message only after
the visibility timeout, an hour), while a Beat tick that is lost is replaced a second later.
The ticks expire quickly, so they do not pile up while a long drain runs; with several worker
processes, ticks that arrive during a backlog drain it in parallel (one consumer each).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import connection

from . import backfill, budget, chathours, ledger, recheck
from .buffer import Buffer, consumer_name
from .intake import DATABASE_TROUBLE, drain, open_sink
from .xclient import x_client

log = logging.getLogger(__name__)
# A lingering run reads a chat's tweets as they come; each batch then waits this long for more
# after its first tweet, so that a chat at its peak (~50 tweets/s) makes a few batches a second,
# each one transaction and one badges task, and a tweet is still committed well within a second.
GATHER_SECONDS = 0.25


@shared_task(bind=True, name="tweets.archive_buffer", ignore_result=True, max_retries=None)
def archive_buffer(self) -> str:
    if not settings.REDIS_URL:
        return "no buffer: without REDIS_URL tweets are archived in-process"
    buffer = Buffer.from_settings()
    # While a retry is waiting for the database, Beat's ticks stand back instead of each
    # failing and scheduling retries of their own.
    if not self.request.retries and buffer.paused():
        return "waiting for the database"
    try:
        drained = drain(
            buffer,
            consumer_name(),
            budget=settings.ARCHIVE_BUDGET,
            linger=settings.ARCHIVE_EVERY_MS / 1000,
            gather=GATHER_SECONDS,
        )
    except DATABASE_TROUBLE as exc:
        connection.close()  # a broken connection must not be reused by the retry
        # No retry limit: the messages wait in Redis however long PostgreSQL is away, and a
        # failed attempt does not count against them (tweets/intake.py).
        countdown = min(0.5 * 2**self.request.retries, settings.ARCHIVE_RETRY_MAX)
        buffer.wait_for_database(f"{type(exc).__name__}: {exc}", countdown)
        log.warning("database unavailable (%s): retrying in %.1f s", exc, countdown)
        # expires=None: the retry must outlive the tick's short expiry.
        raise self.retry(exc=exc, countdown=countdown, expires=None) from exc
    buffer.database_back()
    return f"{drained.messages} messages in {drained.batches} batches: {drained.counts}"


@shared_task(name="tweets.recheck_deletions", ignore_result=True, time_limit=4 * 3600, soft_time_limit=4 * 3600 - 60)
def recheck_deletions() -> str:
    """Nightly: ask X about recently archived tweets; those gone are removed from the archive."""
    if not settings.X_BEARER_TOKEN:
        return "X_BEARER_TOKEN is not set: nothing rechecked"
    if not budget.allows(ledger.RECHECKS):
        return "re-checks are paused by the X budget"
    checked, gone = recheck.recheck_recent(x_client(purpose=ledger.RECHECKS), open_sink())
    return f"{checked} tweets rechecked, {gone} gone"


@shared_task(name="tweets.backfill_gaps", ignore_result=True, time_limit=900, soft_time_limit=840)
def backfill_gaps() -> str:
    """Every BACKFILL_EVERY seconds: if the stream's coverage is behind (stream down, Redis
    lost), search the gap. Not only on reconnection: a stream that never comes back, or a
    Redis that lost its buffer under a connected stream, leaves a gap no reconnection names."""
    if not settings.REDIS_URL or not settings.X_BEARER_TOKEN:
        return "no gaps to fill without REDIS_URL and X_BEARER_TOKEN"
    if settings.ARCHIVE_MODE != "stream":
        return "no stream to leave gaps: chat-hours mode polls and sweeps instead"
    buffer = Buffer.from_settings()
    pages = backfill.fill_gap(x_client(purpose=ledger.BETWEEN_CHATS), buffer, buffer)
    return "no gap" if pages is None else f"gap filled: {pages} search pages buffered"


@shared_task(name="tweets.poll_chat_hours", ignore_result=True, time_limit=300, soft_time_limit=280)
def poll_chat_hours() -> str:
    """Every X_POLL_EVERY seconds in chat-hours mode: search the communities whose chat is on."""
    if settings.ARCHIVE_MODE != "chat-hours" or not settings.X_BEARER_TOKEN:
        return "not in chat-hours mode"
    pages = chathours.poll(x_client(purpose=ledger.CHAT_HOURS), open_sink())
    return f"polled {len(pages)} communities: {sum(pages.values())} pages"


@shared_task(name="tweets.sweep_between_chats", ignore_result=True, time_limit=900, soft_time_limit=840)
def sweep_between_chats() -> str:
    """X_SWEEPS_PER_DAY times a day in chat-hours mode: search the hours between chats."""
    if settings.ARCHIVE_MODE != "chat-hours" or not settings.X_BEARER_TOKEN:
        return "not in chat-hours mode"
    pages = chathours.sweep(x_client(purpose=ledger.BETWEEN_CHATS), open_sink())
    return f"swept {len(pages)} communities: {sum(pages.values())} pages"


@shared_task(name="tweets.forget_idle_consumers", ignore_result=True)
def forget_idle_consumers() -> int:
    if not settings.REDIS_URL:
        return 0
    return Buffer.from_settings().forget_idle_consumers(idle_ms=24 * 3600 * 1000)
