"""A member's X tokens: keeping them after login, refreshing them, giving them back.

allauth never refreshes tokens, so this module does, against X_OAUTH_TOKEN_URL with the refresh
token (scope offline.access). X rotates refresh tokens: each refresh returns a new one and
invalidates the old, so two workers must never refresh the same token at once — the row is
locked while one does, and the other then uses the fresh token it finds.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tweets import ledger

from .crypto import Undecryptable
from .models import XToken

log = logging.getLogger(__name__)
PROVIDER_ID = "twitter_oauth2"


class Revoked(Exception):
    """X no longer accepts the member's tokens (revoked at X, or unreadable): reads stop until
    the member connects X again."""


class Unavailable(Exception):
    """X could not be reached or answered with a server error: try again later."""


def keep(user, x_user_id: int, access: str, refresh: str, expires_at: datetime | None, scope: str = "") -> XToken:
    """Store (encrypted) the tokens a login or connect just granted, clearing any revocation."""
    token = XToken.objects.filter(pk=user.pk).first() or XToken(user=user)
    token.x_user_id = x_user_id
    token.set_tokens(access, refresh, expires_at)
    token.scope = scope or token.scope
    token.save()
    return token


def access_token_for(user_id: int) -> str:
    """A usable access token for the member, refreshed first if it is about to expire."""
    token = XToken.objects.filter(pk=user_id).first()
    if token is None:
        raise Revoked("the member disconnected X")
    if token.is_revoked:
        raise Revoked("the member's X token was revoked")
    if token.needs_refresh():
        return refresh(user_id)
    try:
        return token.access_token
    except Undecryptable as exc:
        mark_revoked(user_id)
        raise Revoked(str(exc)) from None


def refresh(user_id: int, rejected: str | None = None) -> str:
    """Exchange the refresh token for new tokens and return the new access token.

    `rejected` is an access token X just refused: if the stored one differs, another worker has
    refreshed meanwhile and its token is used as it is."""
    with transaction.atomic():
        token = XToken.objects.select_for_update().filter(pk=user_id).first()
        if token is None:
            raise Revoked("the member disconnected X")
        if token.is_revoked:
            raise Revoked("the member's X token was revoked")
        try:
            current = token.access_token
            refresh_token = token.refresh_token
        except Undecryptable:
            current, refresh_token = "", ""
        if current and current != rejected and not token.needs_refresh():
            return current
        if not refresh_token:
            outcome, grant = "revoked", None
        else:
            outcome, grant = _refresh_grant(refresh_token)
        if outcome == "ok":
            assert grant is not None
            token.set_tokens(grant["access_token"], grant.get("refresh_token", ""), _expiry(grant))
            token.scope = grant.get("scope", token.scope)
            token.refreshed_at = timezone.now()
            token.save()
            return grant["access_token"]
        if outcome == "revoked":
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    # Outside the atomic block, so that the revocation above is committed before we raise.
    if outcome == "revoked":
        raise Revoked("X refused the refresh token")
    raise Unavailable("X's token endpoint did not answer")


def give_back(user_id: int) -> None:
    """Revoke the member's tokens at X (best effort) and forget them here."""
    token = XToken.objects.filter(pk=user_id).first()
    if token is None:
        return
    try:
        _revoke_at_x([(token.refresh_token, "refresh_token"), (token.access_token, "access_token")])
    except Undecryptable:
        pass  # X cannot be told about tokens we can no longer read
    token.delete()


def _revoke_at_x(tokens_and_hints: list[tuple[str, str]]) -> None:
    try:
        app = _app()
    except SocialApp.DoesNotExist:
        return  # no X client configured any more: nothing to tell X
    revoke_url = settings.X_OAUTH_TOKEN_URL.rstrip("/").rsplit("/", 1)[0] + "/revoke"
    with get_adapter().get_requests_session() as session:
        for value, hint in tokens_and_hints:
            if not value:
                continue
            try:
                session.post(
                    revoke_url,
                    data={"token": value, "token_type_hint": hint, "client_id": app.client_id},
                    auth=(app.client_id, app.secret),
                )
            except requests.RequestException as exc:
                # Forgetting the token here matters more than telling X: carry on.
                log.warning("could not revoke an X token at %s: %s", revoke_url, exc)


def _refresh_grant(refresh_token: str) -> tuple[str, dict | None]:
    app = _app()
    try:
        with get_adapter().get_requests_session() as session:
            # Refreshing is a call to X like any other; it is for reading the follow graph.
            ledger.meter(session, ledger.FOLLOW_GRAPHS)
            response = session.post(
                settings.X_OAUTH_TOKEN_URL,
                data={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": app.client_id},
                auth=(app.client_id, app.secret),
            )
    except requests.RequestException as exc:
        log.warning("X token refresh failed: %s", exc)
        return "unavailable", None
    if response.status_code in (400, 401):
        # invalid_grant / invalid_request: the refresh token was revoked or already used.
        log.info("X refused a refresh token: %s", response.text[:200])
        return "revoked", None
    if response.status_code != 200:
        return "unavailable", None
    grant = response.json()
    if not grant.get("access_token"):
        return "unavailable", None
    return "ok", grant


def _expiry(grant: dict) -> datetime | None:
    seconds = grant.get("expires_in")
    return timezone.now() + timedelta(seconds=int(seconds)) if seconds else None


def mark_revoked(user_id: int) -> None:
    XToken.objects.filter(pk=user_id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def _app():
    return get_adapter().get_app(None, provider=PROVIDER_ID)
