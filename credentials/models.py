"""The credentials we issued: one row per award carried away, kept after revocation so that a
verifier who comes back years later is told it no longer holds, and why."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from badges import definitions

# Bits in one Bitstring Status List: the spec's minimum (16 KB), for herd privacy.
LIST_SIZE = 131072


class Reason(models.TextChoices):
    LEVEL_LOST = "level-lost", "The member no longer holds this level: their count fell below its threshold."
    UNSHARED = "unshared", "The member stopped sharing this badge."
    DATA_DELETED = "data-deleted", "The member deleted their data from the site."


class CredentialQuerySet(models.QuerySet):
    def current(self) -> CredentialQuerySet:
        return self.filter(revoked_at__isnull=True)

    def revoke(self, reason: Reason) -> int:
        """Revoke those still current; the conditional UPDATE keeps a first revocation's time
        and reason however many workers get here."""
        return self.current().update(revoked_at=timezone.now(), reason=reason)


def new_salt() -> str:
    return secrets.token_hex(16)


class Credential(models.Model):
    """One award (member, badge, level reached at a time) as a credential. Its integer id is
    also its index in the status lists; `public_id` is what URLs show."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Nulled, with `handle` and `salt` blanked, when the member deletes their data: what is left
    # answers "revoked" and says nothing of who held it.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="badge_credentials"
    )
    # The badges.Award it carries: awards keep their id while held and are deleted when lost, so
    # a re-earned level is a new award and so a new credential.
    award_id = models.BigIntegerField()
    badge = models.CharField(max_length=20, choices=definitions.CHOICES)
    level = models.PositiveSmallIntegerField()
    reached_at = models.DateTimeField()
    # The X handle whose profile URL the recipient identity hashes, as it was at issue.
    handle = models.CharField(max_length=50, blank=True)
    salt = models.CharField(max_length=32, default=new_salt, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    # The Open Badges 3.0 credential as first signed: a later key signs only new credentials.
    signed = models.JSONField(null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["badge", "level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_id"], condition=models.Q(revoked_at__isnull=True), name="credential_current_once"
            )
        ]
        indexes = [models.Index(fields=["member", "badge"], name="credential_member_badge")]

    def __str__(self) -> str:
        return f"{self.title} ({self.public_id})"

    @property
    def definition(self) -> definitions.Badge:
        return definitions.get(self.badge)

    @property
    def title(self) -> str:
        return f"{self.definition.name} level {self.level}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status_list(self) -> int:
        return self.pk // LIST_SIZE

    @property
    def status_index(self) -> int:
        return self.pk % LIST_SIZE

    @property
    def profile_url(self) -> str:
        return f"https://x.com/{self.handle}"

    def recipient_hash(self) -> str:
        """Open Badges' hashed identity: 'sha256$' + hex SHA-256 of the identity and salt."""
        return "sha256$" + hashlib.sha256((self.profile_url + self.salt).encode()).hexdigest()
