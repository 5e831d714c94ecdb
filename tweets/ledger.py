"""The read ledger: every call we make to X, what it returned and what X charges for it.

X's API is pay-per-use: each post or user object returned is charged (rates in
settings.X_RATES), and a resource already charged that UTC day is not charged again (X's
de-duplication window resets at midnight UTC). So `record` keeps, per resource, the day it was
last charged (XCharge) and finds the new ones in one upsert: an `INSERT … ON CONFLICT DO UPDATE
… WHERE day < today RETURNING` returns exactly the rows charged now, and two processes reading
the same post at once cannot both be charged for it (the second waits for the first's row and
then sees today's day). Calls and resources add up per day, purpose and endpoint (XRead).

Every tweepy session is metered by `meter(session, purpose)`, a response hook: whatever adapter
a test or a proxy mounts, every answer passes it. The filtered stream's one long response is
counted line by line by the stream itself (tweets/stream.py), through `record_lines`.

Failed requests are free at X; we count the call and charge nothing. Expansions (the authors
and referenced tweets in `includes`) are counted as reads too: X's console bills them, and an
estimate that errs should err high.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial

import orjson
import requests
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import XCharge, XRead

log = logging.getLogger(__name__)

# What the reads are for, highest priority first (tweets/budget.py pauses from the bottom).
CHAT_HOURS = "chat hours"
BETWEEN_CHATS = "between chats"
FOLLOW_GRAPHS = "follow graphs"
RECHECKS = "re-checks"
PRIORITIES = [CHAT_HOURS, BETWEEN_CHATS, FOLLOW_GRAPHS, RECHECKS]
SIGN_IN = "sign-in"  # members logging in: never paused

POST, USER = "post", "user"
CHUNK = 500  # resources per upsert statement

_ENDPOINTS = [
    (re.compile(r"/2/tweets/search/stream/rules"), "stream rules"),
    (re.compile(r"/2/tweets/search/stream"), "stream"),
    (re.compile(r"/2/tweets/search/(recent|all)"), "search"),
    (re.compile(r"/2/tweets(/\d+)?"), "lookup"),
    (re.compile(r"/2/users/\d+/followers"), "followers"),
    (re.compile(r"/2/users/\d+/following"), "following"),
    (re.compile(r"/2/users/me"), "me"),
    (re.compile(r"/2/oauth2/token"), "token"),
]
# The endpoints whose `data` are users; the others' `data` are posts.
USER_ENDPOINTS = {"followers", "following", "me"}


def endpoint_of(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0].rstrip("/")
    for pattern, name in _ENDPOINTS:
        if pattern.fullmatch(path):
            return name
    return re.sub(r"/\d+", "/:id", path)


def rate(endpoint: str, kind: str) -> Decimal:
    rates = settings.X_RATES
    return rates.get(f"{endpoint}.{kind}", rates.get(kind, Decimal(0)))


def resources(body: dict, endpoint: str) -> tuple[list[int], list[int]]:
    """(post ids, user ids) an answer returned: its data, and the expansions it includes."""
    data = body.get("data") or []
    if isinstance(data, dict):
        data = [data]
    ids = [int(item["id"]) for item in data if isinstance(item, dict) and str(item.get("id", "")).isdigit()]
    includes = body.get("includes") or {}
    posts = [int(t["id"]) for t in includes.get("tweets") or [] if str(t.get("id", "")).isdigit()]
    users = [int(u["id"]) for u in includes.get("users") or [] if str(u.get("id", "")).isdigit()]
    if endpoint in USER_ENDPOINTS:
        return posts, ids + users
    return ids + posts, users


def record(
    purpose: str,
    endpoint: str,
    posts: Iterable[int] = (),
    users: Iterable[int] = (),
    calls: int = 1,
    now: datetime | None = None,
) -> Decimal:
    """Add calls and what they returned to the ledger; returns the estimated charge."""
    day = (now or timezone.now()).astimezone(UTC).date()
    posts, users = list(posts), list(users)
    with transaction.atomic():
        _forget_earlier_days(day)
        charged_posts = _charge(POST, set(posts), day)
        charged_users = _charge(USER, set(users), day)
        cost = rate(endpoint, POST) * charged_posts + rate(endpoint, USER) * charged_users
        _add(day, purpose, endpoint, calls, len(posts), len(users), charged_posts, charged_users, cost)
    return cost


def record_lines(purpose: str, lines: Iterable[bytes], endpoint: str = "stream", now: datetime | None = None) -> Decimal:
    """Record stream lines (one post each, with its expansions); keep-alives and notices are free."""
    posts: list[int] = []
    users: list[int] = []
    for line in lines:
        try:
            body = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(body, dict) and isinstance(body.get("data"), dict) and "id" in body["data"]:
            p, u = resources(body, endpoint)
            posts += p
            users += u
    if not posts and not users:
        return Decimal(0)
    return record(purpose, endpoint, posts, users, calls=0, now=now)


_reading_for: ContextVar[str | None] = ContextVar("reading_for", default=None)


@contextmanager
def reading_for(purpose: str) -> Iterator[None]:
    """Record the reads made inside under `purpose`, whatever the session's own (one search
    client serves chat hours and the hours between them)."""
    token = _reading_for.set(purpose)
    try:
        yield
    finally:
        _reading_for.reset(token)


def meter(session: requests.Session, purpose: str) -> requests.Session:
    """Record every answer this session receives (but the stream's) under `purpose`."""
    session.hooks.setdefault("response", []).append(partial(_on_response, purpose))
    return session


def _on_response(purpose: str, response: requests.Response, *args, **kwargs) -> None:
    purpose = _reading_for.get() or purpose
    endpoint = endpoint_of(response.url or getattr(response.request, "url", ""))
    if endpoint == "stream":
        return  # counted line by line as they arrive
    try:
        posts: list[int] = []
        users: list[int] = []
        if response.ok and endpoint != "token" and response.content:
            body = response.json()
            if isinstance(body, dict):
                posts, users = resources(body, endpoint)
        record(purpose, endpoint, posts, users)
    except Exception:
        # The ledger must never break a read; a miss shows as a call X's console has and we do not.
        log.exception("could not record an X read (%s %s)", purpose, endpoint)


def _charge(kind: str, ids: set[int], day: date) -> int:
    if not ids:
        return 0
    table = XCharge._meta.db_table
    charged = 0
    ordered = sorted(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params: list = []
            for resource_id in chunk:
                params += [kind, resource_id, day]
            cursor.execute(
                f"INSERT INTO {table} (kind, resource_id, day) VALUES {values} "
                f"ON CONFLICT (kind, resource_id) DO UPDATE SET day = excluded.day "
                f"WHERE {table}.day < excluded.day RETURNING resource_id",
                params,
            )
            charged += len(cursor.fetchall())
    return charged


def _add(day: date, purpose: str, endpoint: str, calls: int, posts: int, users: int,
         charged_posts: int, charged_users: int, cost: Decimal) -> None:
    table = XRead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, purpose, endpoint, calls, posts, users, charged_posts, charged_users, cost) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (day, purpose, endpoint) DO UPDATE SET "
            f"calls = {table}.calls + excluded.calls, posts = {table}.posts + excluded.posts, "
            f"users = {table}.users + excluded.users, "
            f"charged_posts = {table}.charged_posts + excluded.charged_posts, "
            f"charged_users = {table}.charged_users + excluded.charged_users, cost = {table}.cost + excluded.cost",
            [day, purpose, endpoint, calls, posts, users, charged_posts, charged_users, cost],
        )


_forgotten_before: date | None = None


def _forget_earlier_days(day: date) -> None:
    """Charges of earlier days no longer matter: delete them, once a day per process."""
    global _forgotten_before
    if _forgotten_before != day:
        XCharge.objects.filter(day__lt=day).delete()
        _forgotten_before = day
