"""Reading a member's followers and following from X with tweepy, as the member (OAuth 2.0
user context, scope follows.read), into `tweets.FollowEdge`.

Both lists are read page by page. Each page's profiles update the Account rows at once (they
are public profiles, current as of now), but its ids wait in StagedFollow: the member's edges
are replaced in one transaction only when both lists are complete, so a read cut short by a
rate limit, a crash or a revoked token never leaves half a graph.

X allows 15 follower/following requests per 15 minutes per user. A 429 names the reset time:
a short wait is waited out here and the same page asked again; a long one ends this run with
`resume_at` set, and the scheduler (tasks.schedule_follow_graph_reads) starts another run after
it, which continues from the same page.

X charges every account a list returns (tweets/ledger.py records each page as a follow-graph
read), so each list is read up to X_FOLLOW_LIST_CAP accounts and the read says when it stopped
there; and before each page the monthly X budget is asked (tweets/budget.py): follow graphs come
after the chats, so a read the budget pauses keeps its place and continues when it allows.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from requests.adapters import HTTPAdapter

from tweets import archive, budget, ledger
from tweets.models import FollowEdge
from tweets.payloads import Parsed, v2_account

from . import tokens
from .models import FollowGraphRead, StagedFollow, XToken
from .signals import send_follow_graph_changed

log = logging.getLogger(__name__)

Phase = FollowGraphRead.Phase
PAGE_SIZE = 1000  # X's maximum for followers/following
USER_FIELDS = ["id", "name", "username", "description", "profile_image_url", "public_metrics", "protected"]
MAX_SLEEP = 60.0  # seconds we wait for a rate-limit reset inside one task run
LEASE = timedelta(minutes=10)  # longer than the task time limit, so a live run keeps its claim
NO_RESET_WAIT = timedelta(minutes=15)  # X's rate-limit window, when a 429 names no reset
REQUEST_TIMEOUT = 30.0
TWEEPY_HOST = "https://api.twitter.com"  # tweepy builds every URL on this host
REAL_HOSTS = {"https://api.twitter.com", "https://api.x.com"}
NOTE_SECONDS = 3600


@dataclass
class Outcome:
    status: str  # complete | waiting | revoked | no-token | busy | failed
    resume_at: datetime | None = None
    followers: int = 0
    following: int = 0
    detail: str = ""


def read(user_id: int, *, max_sleep: float = MAX_SLEEP) -> Outcome:
    """Read (or continue reading) the member's follow graph. Safe to call from any number of
    workers at once: only the one that claims the read does anything."""
    token = XToken.objects.filter(pk=user_id).first()
    if token is None:
        return Outcome("no-token")
    if token.is_revoked:
        return Outcome("revoked")
    FollowGraphRead.objects.get_or_create(user_id=user_id)
    if not _claim(user_id):
        return Outcome("busy")
    try:
        return _read_claimed(user_id, token.x_user_id, max_sleep)
    finally:
        FollowGraphRead.objects.filter(pk=user_id).update(lease_until=None)


def _claim(user_id: int) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return FollowGraphRead.objects.filter(free, pk=user_id).update(lease_until=now + LEASE) == 1


def _read_claimed(user_id: int, x_user_id: int, max_sleep: float) -> Outcome:
    state = FollowGraphRead.objects.get(pk=user_id)
    if state.phase == Phase.IDLE:
        StagedFollow.objects.filter(read_id=user_id).delete()
        state.phase, state.pagination_token, state.started_at = Phase.FOLLOWERS, "", timezone.now()
        state.followers_capped = state.following_capped = False
    state.resume_at, state.error = None, ""
    state.save(update_fields=[
        "phase", "pagination_token", "started_at", "resume_at", "error", "followers_capped", "following_capped",
    ])
    _changed(user_id)
    x = _MemberClient(user_id)
    while True:
        paused = _paused_by_budget()
        if paused:
            FollowGraphRead.objects.filter(pk=user_id).update(error=paused)
            _changed(user_id)
            return Outcome("paused", detail=paused)
        try:
            users, next_token = x.page(state.phase, x_user_id, state.pagination_token, _page_size(state))
        except tweepy.TooManyRequests as exc:
            resume_at = _reset_time(exc)
            wait = (resume_at - timezone.now()).total_seconds()
            if wait <= max_sleep:
                log.info("X rate limit on %s of member %s: waiting %.0f s", state.phase, user_id, wait)
                # At least a second, so a reset already past (clock skew) cannot make us spin.
                time.sleep(max(wait, 1.0))
                continue  # the same page again
            FollowGraphRead.objects.filter(pk=user_id).update(resume_at=resume_at)
            return Outcome("waiting", resume_at=resume_at)
        except tokens.Revoked:
            _abandon(user_id, "X no longer accepts our access: connect X again to resume.")
            return Outcome("revoked")
        except (tweepy.BadRequest, tweepy.Forbidden, tweepy.NotFound) as exc:
            # Not worth repeating: the account is gone, suspended, or the app lacks access.
            detail = f"X refused to list your follows ({exc.response.status_code})."
            _abandon(user_id, detail)
            return Outcome("failed", detail=detail)
        _stage_page(state, users, next_token)
        if next_token and _at_cap(state):
            next_token = ""
            capped = f"{state.phase}_capped"
            FollowGraphRead.objects.filter(pk=user_id).update(**{capped: True})
            _changed(user_id)
        if not next_token and state.phase == Phase.FOLLOWERS:
            state.phase, state.pagination_token = Phase.FOLLOWING, ""
            FollowGraphRead.objects.filter(pk=user_id).update(phase=state.phase, pagination_token="")
        elif not next_token:
            return _complete(user_id, x_user_id)


def note_for(user_id: int, side: str) -> str:
    """What the member should know about the last read of one of their lists ("followers" or
    "following"), in words: read only in part (the cap), or paused by the X budget. Cached until
    the read's state changes (`_changed`): dashboards are served without asking the database."""
    key = f"follow-note:{user_id}:{side}"
    note = cache.get(key)
    if note is None:
        note = _note(user_id, side)
        cache.set(key, note, NOTE_SECONDS)
    return note


def _changed(user_id: int) -> None:
    cache.delete_many([f"follow-note:{user_id}:followers", f"follow-note:{user_id}:following"])


def _note(user_id: int, side: str) -> str:
    read = FollowGraphRead.objects.filter(pk=user_id).values("error", f"{side}_capped").first()
    if read is None:
        return ""
    notes = []
    if read[f"{side}_capped"]:
        cap = settings.X_FOLLOW_LIST_CAP
        notes.append(
            f"Your {'followers list' if side == 'followers' else 'list of people you follow'} is long: we read "
            f"its first {cap:,} accounts (X charges for every account read), so this counts those."
        )
    if read["error"]:
        notes.append(read["error"])
    return " ".join(notes)


def _paused_by_budget() -> str:
    plan = budget.plan()
    if plan.allows(ledger.FOLLOW_GRAPHS):
        return ""
    return (
        f"Reading your follows from X is paused until {budget.month_end(plan.month):%-d %B}: this month's "
        "budget for reading X is nearly spent, and archiving the chats comes first."
    )


def _page_size(state: FollowGraphRead) -> int:
    cap = settings.X_FOLLOW_LIST_CAP
    if not cap:
        return PAGE_SIZE
    read = StagedFollow.objects.filter(read_id=state.pk, direction=state.phase).count()
    return max(1, min(PAGE_SIZE, cap - read))


def _at_cap(state: FollowGraphRead) -> bool:
    cap = settings.X_FOLLOW_LIST_CAP
    return bool(cap) and StagedFollow.objects.filter(read_id=state.pk, direction=state.phase).count() >= cap


def _stage_page(state: FollowGraphRead, users: list[dict], next_token: str) -> None:
    now = timezone.now()
    # One transaction per page: the page's ids and the token of the next page move together, so
    # a crash between pages neither loses nor repeats one.
    with transaction.atomic():
        if users:
            archive.write(Parsed(accounts=[v2_account(u, profile_at=now) for u in users]), source="follow graph")
            with connection.cursor() as cursor:
                # One prepared statement for the page: many times cheaper than bulk_create's SQL.
                cursor.executemany(
                    f"INSERT INTO {StagedFollow._meta.db_table} (read_id, direction, account_id) "
                    "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    [(state.pk, state.phase, int(u["id"])) for u in users],
                )
        FollowGraphRead.objects.filter(pk=state.pk).update(pagination_token=next_token)
    state.pagination_token = next_token


def _complete(user_id: int, x_user_id: int) -> Outcome:
    now = timezone.now()
    edges, staged = FollowEdge._meta.db_table, StagedFollow._meta.db_table
    with transaction.atomic():
        FollowEdge.objects.filter(Q(follower_id=x_user_id) | Q(followee_id=x_user_id)).delete()
        with connection.cursor() as cursor:
            # Set-based, straight from the staging rows: no id travels through Python.
            for direction, pair in ((Phase.FOLLOWERS, "account_id, %s"), (Phase.FOLLOWING, "%s, account_id")):
                cursor.execute(
                    f"INSERT INTO {edges} (follower_id, followee_id, read_at) SELECT {pair}, %s FROM {staged} "
                    "WHERE read_id = %s AND direction = %s AND account_id <> %s ON CONFLICT DO NOTHING",
                    [x_user_id, now, user_id, str(direction), x_user_id],
                )
        followers = FollowEdge.objects.filter(followee_id=x_user_id).count()
        following = FollowEdge.objects.filter(follower_id=x_user_id).count()
        StagedFollow.objects.filter(read_id=user_id).delete()
        FollowGraphRead.objects.filter(pk=user_id).update(
            phase=Phase.IDLE,
            pagination_token="",
            completed_at=now,
            resume_at=None,
            error="",
            followers_count=followers,
            following_count=following,
        )
        send_follow_graph_changed([x_user_id])
    _changed(user_id)
    return Outcome("complete", followers=followers, following=following)


def _abandon(user_id: int, error: str) -> None:
    """Drop an unfinished read; the member's last complete graph stays as it was."""
    with transaction.atomic():
        StagedFollow.objects.filter(read_id=user_id).delete()
        FollowGraphRead.objects.filter(pk=user_id).update(
            phase=Phase.IDLE, pagination_token="", resume_at=None, error=error
        )
    _changed(user_id)


def _reset_time(exc: tweepy.TooManyRequests) -> datetime:
    reset = getattr(exc, "reset_time", None)
    if reset is None:
        return timezone.now() + NO_RESET_WAIT
    # X's reset is a whole second; one more makes sure its window has really turned over.
    return datetime.fromtimestamp(int(reset) + 1, tz=UTC)


class _MemberClient:
    """tweepy as the member, with their access token refreshed when it expires or X says 401."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.access = ""
        self.client: tweepy.Client | None = None

    def page(self, phase: str, x_user_id: int, pagination_token: str, size: int = PAGE_SIZE) -> tuple[list[dict], str]:
        self._use(tokens.access_token_for(self.user_id))
        try:
            return self._get(phase, x_user_id, pagination_token, size)
        except tweepy.Unauthorized:
            # Expired early or revoked: a refresh tells which (tokens.Revoked if revoked).
            self._use(tokens.refresh(self.user_id, rejected=self.access))
            try:
                return self._get(phase, x_user_id, pagination_token, size)
            except tweepy.Unauthorized:
                tokens.mark_revoked(self.user_id)
                raise tokens.Revoked("X refused a freshly refreshed token") from None

    def _use(self, access: str) -> None:
        if access != self.access or self.client is None:
            self.access = access
            self.client = client_for(access)

    def _get(self, phase: str, x_user_id: int, pagination_token: str, size: int) -> tuple[list[dict], str]:
        assert self.client is not None
        method = self.client.get_users_followers if phase == Phase.FOLLOWERS else self.client.get_users_following
        body: dict[str, Any] = method(
            x_user_id,
            max_results=size,
            pagination_token=pagination_token or None,
            user_fields=USER_FIELDS,
            user_auth=False,  # the bearer is the member's OAuth 2.0 token, not the app's
        )
        return body.get("data") or [], (body.get("meta") or {}).get("next_token", "")


def client_for(access_token: str) -> tweepy.Client:
    client = tweepy.Client(bearer_token=access_token, return_type=dict)
    client.session.mount(TWEEPY_HOST, ConfiguredXApi(settings.X_API_BASE_URL))
    ledger.meter(client.session, ledger.FOLLOW_GRAPHS)
    return client


class ConfiguredXApi(HTTPAdapter):
    """tweepy builds every URL on https://api.twitter.com and takes no host setting. Mounted on
    a tweepy session, this sends its requests to X_API_BASE_URL when that names another server
    (a fake X in tests, a proxy), and gives each request a timeout, which tweepy does not."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        base = base_url.rstrip("/")
        self.base = "" if base in REAL_HOSTS else base

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if self.base and request.url and request.url.startswith(TWEEPY_HOST):
            request.url = self.base + request.url[len(TWEEPY_HOST) :]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = REQUEST_TIMEOUT
        return super().send(request, **kwargs)
