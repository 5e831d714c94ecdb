"""Celery tasks of the members app: thin, taking ids, calling one module."""

from __future__ import annotations

import random
from datetime import timedelta

import requests
import tweepy
from celery import shared_task
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from tweets import budget, ledger

from . import follow_graph, tokens
from .models import FollowGraphRead

# The scheduler runs this often (settings.CELERY_BEAT_SCHEDULE) and spreads what it starts
# over the same span, so reads never arrive at X all at once.
SCHEDULE_EVERY = timedelta(minutes=10)
# At most this many reads start per scheduler run (a bounded queue, oldest first).
BATCH = 500


@shared_task(
    name="members.read_follow_graph",
    autoretry_for=(tweepy.TwitterServerError, requests.RequestException, tokens.Unavailable),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def read_follow_graph(user_id: int) -> str:
    return follow_graph.read(user_id).status


@shared_task(name="members.schedule_follow_graph_reads")
def schedule_follow_graph_reads() -> int:
    """Start the reads that are due: graphs last read more than X_FOLLOW_GRAPH_EVERY_DAYS ago
    (or never), and reads a rate limit or the budget paused whose reset time has passed (or
    whose worker died); none while the X budget pauses follow graphs."""
    now = timezone.now()
    if not budget.allows(ledger.FOLLOW_GRAPHS, now):
        return 0
    reread = timedelta(days=settings.X_FOLLOW_GRAPH_EVERY_DAYS)
    stale = Q(phase=FollowGraphRead.Phase.IDLE) & (
        Q(completed_at__isnull=True) | Q(completed_at__lt=now - reread)
    )
    paused = ~Q(phase=FollowGraphRead.Phase.IDLE) & (Q(resume_at__isnull=True) | Q(resume_at__lte=now))
    unclaimed = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = list(
        FollowGraphRead.objects.filter(user__x_token__revoked_at__isnull=True, user__x_token__isnull=False)
        .filter(stale | paused)
        .filter(unclaimed)
        .order_by(F("completed_at").asc(nulls_first=True))
        .values_list("user_id", flat=True)[:BATCH]
    )
    span = int(SCHEDULE_EVERY.total_seconds())
    for user_id in due:
        read_follow_graph.apply_async((user_id,), countdown=random.randrange(span))
    return len(due)
