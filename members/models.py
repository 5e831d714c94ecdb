"""A member's link to X: their OAuth tokens (encrypted at rest) and the state of the read of
their follow graph. The edges themselves are `tweets.FollowEdge`; the member's X profile is the
`tweets.Account` whose `member` is them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import crypto

# Refresh a little before X's expiry so a read never starts with a token about to lapse.
EXPIRY_MARGIN = timedelta(seconds=60)


class XToken(models.Model):
    """The OAuth 2.0 tokens a member granted us on X. Only ciphertext is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="x_token"
    )
    x_user_id = models.BigIntegerField(db_index=True)
    access_token_cipher = models.TextField()
    refresh_token_cipher = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=300, blank=True)
    # Set when X refused the token and its refresh: reads stop until the member reconnects.
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"X token of {self.user}"

    @property
    def access_token(self) -> str:
        return crypto.decrypt(self.access_token_cipher)

    @property
    def refresh_token(self) -> str:
        return crypto.decrypt(self.refresh_token_cipher)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def set_tokens(self, access: str, refresh: str, expires_at: datetime | None) -> None:
        """Replace the tokens (not saved). X rotates refresh tokens; keep the old one only if
        a response came without one."""
        self.access_token_cipher = crypto.encrypt(access)
        if refresh:
            self.refresh_token_cipher = crypto.encrypt(refresh)
        self.expires_at = expires_at
        self.revoked_at = None

    def needs_refresh(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at - EXPIRY_MARGIN <= (now or timezone.now())


class FollowGraphRead(models.Model):
    """Where the read of one member's followers and following stands. A read can span several
    task runs when X's rate limit asks for a long wait; the ids it has collected wait in
    StagedFollow and replace the member's edges only once both lists are complete."""

    class Phase(models.TextChoices):
        IDLE = "idle"
        FOLLOWERS = "followers"
        FOLLOWING = "following"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="follow_graph_read"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.IDLE)
    # X's pagination_token of the next page to read in this phase ("" for the first page).
    pagination_token = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # A worker holds the read until then (claimed with a conditional UPDATE), so two workers
    # never read the same member at once.
    lease_until = models.DateTimeField(null=True, blank=True)
    # X's rate limit resets then; the read continues from pagination_token.
    resume_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    followers_count = models.IntegerField(null=True, blank=True)
    following_count = models.IntegerField(null=True, blank=True)
    # Why the last read stopped short, in words for the member ("" when it did not).
    error = models.CharField(max_length=300, blank=True)
    # The list was longer than X_FOLLOW_LIST_CAP: only its first accounts were read.
    followers_capped = models.BooleanField(default=False)
    following_capped = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"follow graph read of {self.user} ({self.phase})"


class StagedFollow(models.Model):
    """One account id from an unfinished read: a follower of the member or one they follow."""

    read = models.ForeignKey(FollowGraphRead, on_delete=models.CASCADE, related_name="staged")
    direction = models.CharField(max_length=10, choices=FollowGraphRead.Phase.choices)
    account_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["read", "direction", "account_id"], name="staged_follow_once")]

    def __str__(self) -> str:
        return f"{self.direction} {self.account_id} of {self.read_id}"
