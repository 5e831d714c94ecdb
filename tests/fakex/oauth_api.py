"""The fake X's OAuth 2.0 and users endpoints: authorize (PKCE S256 checked) and its consent
page, token (authorization_code and refresh_token grants, rotating refresh tokens), revoke,
`GET /2/users/me`, and followers / following with `pagination_token`.

`install(fake)` registers the routes and returns the `XOAuth` state (also `fake.state["oauth"]`)
through which a test plays X: `add_user()`, `log_in_at_x()` (who the browser is logged in as on
X), `follow()`, `expire()` and `revoke_user()` tokens, and `rate_limit()` the follows endpoints
(a 429 with `x-rate-limit-reset` once a window's requests are spent).

Shapes follow X's documentation and the real captures in tests/fixtures/x-api-v2-real/
(`users.jsonl` holds real user objects; `real_users()` reads them).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import math
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from .server import FakeX

AUTHORIZE = r"/i/oauth2/authorize"
TOKEN = r"/2/oauth2/token"
REVOKE = r"/2/oauth2/revoke"
ME = r"/2/users/me"
FOLLOWS = r"/2/users/(?P<id>\d+)/(?P<which>followers|following)"
REAL_USERS = Path(__file__).resolve().parent.parent / "fixtures" / "x-api-v2-real" / "users.jsonl"
ALWAYS_FIELDS = ("id", "name", "username")


def real_users() -> list[dict]:
    """The 96 real user objects of the captured users page."""
    with REAL_USERS.open() as lines:
        return [user for line in lines for user in json.loads(line)["data"]]


@dataclass
class _Grant:
    user_id: str
    client_id: str
    redirect_uri: str
    scope: str
    challenge: str


@dataclass
class _Token:
    user_id: str
    scope: str
    expires_at: float | None = None
    revoked: bool = False


@dataclass
class XOAuth:
    client_id: str = "fake-x-client-id"
    client_secret: str = "fake-x-client-secret"
    access_ttl: int = 7200  # seconds, as X's access tokens
    users: dict[str, dict] = field(default_factory=dict)  # X user objects by id
    followers: dict[str, list[str]] = field(default_factory=dict)
    following: dict[str, list[str]] = field(default_factory=dict)
    logged_in_at_x: str | None = None  # the user whose X session the browser carries
    token_requests: list[dict] = field(default_factory=list)  # form bodies of /2/oauth2/token
    authorize_requests: list[dict] = field(default_factory=list)  # query of each authorize GET
    lock: threading.Lock = field(default_factory=threading.Lock)
    _codes: dict[str, _Grant] = field(default_factory=dict)
    _access: dict[str, _Token] = field(default_factory=dict)
    _refresh: dict[str, _Token] = field(default_factory=dict)
    _limit: tuple[int, float] | None = None
    _windows: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    # ---------------------------------------------------------------- playing X

    def add_user(self, user: dict) -> dict:
        with self.lock:
            self.users[str(user["id"])] = dict(user, id=str(user["id"]))
        return self.users[str(user["id"])]

    def log_in_at_x(self, user_id: str | int) -> None:
        self.logged_in_at_x = str(user_id)

    def follow(self, follower: str | int, followee: str | int) -> None:
        follower, followee = str(follower), str(followee)
        with self.lock:
            self.following.setdefault(follower, []).append(followee)
            self.followers.setdefault(followee, []).append(follower)

    def expire(self, access_token: str | None = None) -> None:
        """An access token (or all of them) reaches its end of life."""
        with self.lock:
            for value, token in self._access.items():
                if access_token is None or value == access_token:
                    token.expires_at = time.time() - 1

    def revoke_user(self, user_id: str | int) -> None:
        """The user revokes the app in X's settings: every token of theirs stops working."""
        with self.lock:
            for token in [*self._access.values(), *self._refresh.values()]:
                if token.user_id == str(user_id):
                    token.revoked = True

    def rate_limit(self, requests: int | None, window: float = 900.0) -> None:
        """Allow `requests` follower/following calls per user and endpoint per `window` seconds
        (X: 15 per 15 minutes); None lifts the limit."""
        with self.lock:
            self._limit = None if requests is None else (requests, window)
            self._windows.clear()

    def live_access_tokens(self, user_id: str | int) -> list[str]:
        now = time.time()
        return [
            value
            for value, token in self._access.items()
            if token.user_id == str(user_id) and not token.revoked and (token.expires_at or now + 1) > now
        ]

    # ---------------------------------------------------------------- protocol

    def _issue(self, user_id: str, scope: str) -> dict:
        access = f"fake-access-{next(self._ids)}-{secrets.token_urlsafe(12)}"
        self._access[access] = _Token(user_id, scope, expires_at=time.time() + self.access_ttl)
        body = {"token_type": "bearer", "expires_in": self.access_ttl, "access_token": access, "scope": scope}
        if "offline.access" in scope.split():
            refresh = f"fake-refresh-{next(self._ids)}-{secrets.token_urlsafe(12)}"
            self._refresh[refresh] = _Token(user_id, scope)
            body["refresh_token"] = refresh
        return body

    def _bearer(self, environ: dict) -> _Token | None:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Bearer "):
            return None
        token = self._access.get(header[len("Bearer ") :])
        if token is None or token.revoked or (token.expires_at is not None and token.expires_at <= time.time()):
            return None
        return token

    def _spend(self, user_id: str, endpoint: str) -> tuple[bool, dict[str, str]]:
        """Count one call against the rate limit: (allowed, x-rate-limit-* headers)."""
        if self._limit is None:
            return True, {}
        limit, window = self._limit
        now = time.time()
        start, used = self._windows.get((user_id, endpoint), [now, 0])
        if now >= start + window:
            start, used = now, 0
        used += 1
        self._windows[(user_id, endpoint)] = [start, used]
        headers = {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(limit - used, 0)),
            "x-rate-limit-reset": str(math.ceil(start + window)),
        }
        return used <= limit, headers


def install(fake: FakeX, **options: Any) -> XOAuth:
    x = XOAuth(**options)
    fake.state["oauth"] = x

    @fake.route("GET", AUTHORIZE)
    def authorize_page(environ: dict, start_response) -> Iterable[bytes]:
        query = _query(environ)
        x.authorize_requests.append(query)
        problem = _authorize_problem(x, query)
        if problem:
            return _html(
                start_response, f"<h1>Something went wrong</h1><p>{html.escape(problem)}</p>", "400 Bad Request"
            )
        user = x.users.get(x.logged_in_at_x or "")
        if user is None:
            return _html(
                start_response, "<h1>Log in to X</h1><p>No one is logged in at the fake X.</p>", "401 Unauthorized"
            )
        action = html.escape(f"{AUTHORIZE}?{environ.get('QUERY_STRING', '')}", quote=True)
        scopes = "".join(f"<li>{html.escape(s)}</li>" for s in query["scope"].split())
        page = (
            f"<h1>Authorize app</h1><p>Logged in at X as <strong>@{html.escape(user['username'])}</strong>.</p>"
            f"<p>The app asks to:</p><ul>{scopes}</ul>"
            f'<form method="post" action="{action}">'
            '<button type="submit" name="approve" value="1">Authorize app</button> '
            '<button type="submit" name="cancel" value="1">Cancel</button></form>'
        )
        return _html(start_response, page)

    @fake.route("POST", AUTHORIZE)
    def authorize_decision(environ: dict, start_response) -> Iterable[bytes]:
        query, form = _query(environ), _form(environ)
        problem = _authorize_problem(x, query)
        if problem or x.logged_in_at_x not in x.users:
            return _html(start_response, f"<p>{html.escape(problem or 'not logged in')}</p>", "400 Bad Request")
        if "approve" not in form:
            params = {"error": "access_denied", "state": query["state"]}
        else:
            code = secrets.token_urlsafe(24)
            with x.lock:
                x._codes[code] = _Grant(
                    x.logged_in_at_x, query["client_id"], query["redirect_uri"], query["scope"], query["code_challenge"]
                )
            params = {"state": query["state"], "code": code}
        start_response(
            "302 Found", [("Location", f"{query['redirect_uri']}?{urlencode(params)}"), ("Content-Length", "0")]
        )
        return [b""]

    @fake.route("POST", TOKEN)
    def token(environ: dict, start_response) -> Iterable[bytes]:
        form = _form(environ)
        x.token_requests.append(form)
        if not _client_authenticated(x, environ):
            return _json(
                start_response,
                {"error": "unauthorized_client", "error_description": "Missing valid authorization header"},
                "401 Unauthorized",
            )
        grant_type = form.get("grant_type")
        with x.lock:
            if grant_type == "authorization_code":
                grant = x._codes.pop(form.get("code", ""), None)
                if grant is None or grant.redirect_uri != form.get("redirect_uri"):
                    return _json(
                        start_response,
                        _oauth_error("Value passed for the authorization code was invalid."),
                        "400 Bad Request",
                    )
                if _s256(form.get("code_verifier", "")) != grant.challenge:
                    return _json(
                        start_response,
                        _oauth_error("Value passed for the code verifier was invalid."),
                        "400 Bad Request",
                    )
                return _json(start_response, x._issue(grant.user_id, grant.scope))
            if grant_type == "refresh_token":
                old = x._refresh.pop(form.get("refresh_token", ""), None)
                if old is None or old.revoked:
                    return _json(
                        start_response, _oauth_error("Value passed for the token was invalid."), "400 Bad Request"
                    )
                # X rotates refresh tokens: the one just used is gone.
                return _json(start_response, x._issue(old.user_id, old.scope))
        return _json(start_response, _oauth_error("Value passed for grant_type was invalid."), "400 Bad Request")

    @fake.route("POST", REVOKE)
    def revoke(environ: dict, start_response) -> Iterable[bytes]:
        form = _form(environ)
        with x.lock:
            for store in (x._access, x._refresh):
                if form.get("token") in store:
                    store[form["token"]].revoked = True
        return _json(start_response, {"revoked": True})

    @fake.route("GET", ME)
    def me(environ: dict, start_response) -> Iterable[bytes]:
        token = x._bearer(environ)
        if token is None:
            return _unauthorised(start_response)
        fields = _query(environ).get("user.fields", "")
        return _json(start_response, {"data": _shape(x.users[token.user_id], fields)})

    @fake.route("GET", FOLLOWS)
    def follows(environ: dict, start_response) -> Iterable[bytes]:
        token = x._bearer(environ)
        if token is None:
            return _unauthorised(start_response)
        if "follows.read" not in token.scope.split():
            return _json(start_response, _forbidden("follows.read"), "403 Forbidden")
        match = environ["fakex.match"]
        with x.lock:
            allowed, limit_headers = x._spend(token.user_id, match["which"])
        if not allowed:
            body = {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}
            return _json(start_response, body, "429 Too Many Requests", limit_headers)
        query = _query(environ)
        try:
            size = int(query.get("max_results", "100"))
            offset = _offset(query.get("pagination_token"))
        except ValueError:
            return _json(
                start_response,
                _invalid("The `pagination_token` or `max_results` query parameter value is not valid"),
                "400 Bad Request",
            )
        if not 1 <= size <= 1000:
            return _json(
                start_response,
                _invalid("The `max_results` query parameter value is not between 1 and 1000"),
                "400 Bad Request",
            )
        ids = (x.followers if match["which"] == "followers" else x.following).get(match["id"], [])
        page = ids[offset : offset + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if offset + size < len(ids):
            meta["next_token"] = _token_for(offset + size)
        if offset:
            meta["previous_token"] = _token_for(max(offset - size, 0))
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [_shape(x.users[i], query.get("user.fields", "")) for i in page]
        return _json(start_response, body, headers=limit_headers)

    return x


# -------------------------------------------------------------------- helpers


def _authorize_problem(x: XOAuth, query: dict) -> str:
    for name in (
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    ):
        if not query.get(name):
            return f"missing {name}"
    if query["response_type"] != "code":
        return "response_type must be code"
    if query["client_id"] != x.client_id:
        return "unknown client_id"
    if query["code_challenge_method"] != "S256":
        return "code_challenge_method must be S256"
    return ""


def _client_authenticated(x: XOAuth, environ: dict) -> bool:
    # A confidential client authenticates with HTTP Basic (client id and secret).
    header = environ.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Basic "):
        return False
    try:
        client_id, _, secret = base64.b64decode(header[len("Basic ") :]).decode().partition(":")
    except ValueError:
        return False
    return client_id == x.client_id and secret == x.client_secret


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _shape(user: dict, fields: str) -> dict:
    wanted = set(ALWAYS_FIELDS) | {f for f in fields.split(",") if f}
    return {k: v for k, v in user.items() if k in wanted}


def _token_for(offset: int) -> str:
    return base64.b32encode(f"page:{offset}".encode()).decode().rstrip("=")


def _offset(token: str | None) -> int:
    if not token:
        return 0
    decoded = base64.b32decode(token + "=" * (-len(token) % 8)).decode()
    if not decoded.startswith("page:"):
        raise ValueError(token)
    return int(decoded[len("page:") :])


def _query(environ: dict) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


def _form(environ: dict) -> dict[str, str]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length).decode() if length else ""
    return {k: v[0] for k, v in parse_qs(body).items()}


def _oauth_error(description: str) -> dict:
    return {"error": "invalid_request", "error_description": description}


def _invalid(message: str) -> dict:
    return {
        "errors": [{"message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }


def _forbidden(scope: str) -> dict:
    return {"title": "Forbidden", "type": "about:blank", "status": 403, "detail": f"Missing scope {scope}"}


def _unauthorised(start_response) -> list[bytes]:
    body = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
    return _json(start_response, body, "401 Unauthorized")


def _json(start_response, body: dict, status: str = "200 OK", headers: dict[str, str] | None = None) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json;charset=utf-8"),
            ("Content-Length", str(len(data))),
            *(headers or {}).items(),
        ],
    )
    return [data]


def _html(start_response, body: str, status: str = "200 OK") -> list[bytes]:
    data = f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>X</title></head><body>{body}</body></html>".encode()
    start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]
