"""What happens when someone logs in with X (or connects X): their site user becomes the
registered member of the Account with the same X user id (created if we have never seen them),
their tokens are kept, encrypted, and a first read of their follow graph is queued."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tweets import archive
from tweets.models import Account
from tweets.payloads import Parsed, v2_account

from . import session_user, tokens
from .models import FollowGraphRead, XToken
from .tasks import read_follow_graph


def link_member(user, profile: dict) -> Account:
    """Make `user` the member of the Account whose id is profile["id"], refreshing its profile
    from X's /2/users/me answer."""
    record = v2_account(profile, profile_at=timezone.now())
    with transaction.atomic():
        # Through the archive so a newer profile in the archive is never overwritten by an older one.
        archive.write(Parsed(accounts=[record]), source="login")
        # One X account per member and one member per X account.
        Account.objects.filter(member=user).exclude(id=record.id).update(member=None)
        Account.objects.filter(id=record.id).update(member=user)
    # update() sends no signal, and the header shows this account from then on.
    transaction.on_commit(lambda: session_user.forget(user.pk))
    return Account.objects.get(id=record.id)


def remember_x_login(user, social_account, social_token) -> None:
    """Called from allauth's login and connect signals with what X just granted."""
    profile = {**social_account.extra_data, "id": social_account.uid}
    if not profile.get("username"):
        return
    account = link_member(user, profile)
    was_revoked = XToken.objects.filter(pk=user.pk, revoked_at__isnull=False).exists()
    if social_token is not None and social_token.token:
        tokens.keep(user, account.id, social_token.token, social_token.token_secret, social_token.expires_at)
    read, _ = FollowGraphRead.objects.get_or_create(user=user)
    # A login reads the graph again once X_FOLLOW_GRAPH_EVERY_DAYS have passed: each read costs.
    due = timezone.now() - timedelta(days=settings.X_FOLLOW_GRAPH_EVERY_DAYS)
    if read.completed_at is None or was_revoked or read.completed_at < due:
        transaction.on_commit(lambda: read_follow_graph.delay(user.pk))
