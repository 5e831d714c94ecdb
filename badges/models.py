"""What the badges hold: each member's current value per badge, the levels they reached, and
the archive's community members as the badges last saw them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import definitions


class BadgeValue(models.Model):
    """A member's current value of one badge's metric (derived; `badges.awarding` writes it)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_values")
    badge = models.CharField(max_length=20, choices=definitions.CHOICES)
    value = models.IntegerField(default=0)
    # The time of the last item counted: a batch of newer tweets moves the value on from here
    # (badges.awarding.advance) without re-reading the member's history.
    last_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="badge_value_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.badge} = {self.value}"

    @property
    def definition(self) -> definitions.Badge:
        return definitions.get(self.badge)

    @property
    def progress(self) -> definitions.Progress:
        return self.definition.progress(self.value)


class AwardQuerySet(models.QuerySet):
    def unnotified(self) -> AwardQuerySet:
        return self.filter(notified_at__isnull=True)

    def level_counts(self) -> dict[str, dict[int, int]]:
        """badge slug → level → how many members hold it, in one query."""
        counts: dict[str, dict[int, int]] = {}
        for row in self.order_by().values("badge", "level").annotate(n=models.Count("id")):
            counts.setdefault(row["badge"], {})[row["level"]] = row["n"]
        return counts


class Award(models.Model):
    """A level of a badge a member has reached. `reached_at` is when the archive says the
    threshold was crossed (the time of the tweet, chat, edge, comment or post that crossed it),
    so a backfill of old history gives honest dates. Deleted when the value falls below again."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards")
    badge = models.CharField(max_length=20, choices=definitions.CHOICES)
    level = models.PositiveSmallIntegerField()
    # The metric's value when the level was reached: the level's threshold.
    value = models.IntegerField()
    reached_at = models.DateTimeField()
    awarded_at = models.DateTimeField(default=timezone.now)
    # When the member was told ("You reached Chats level 3"); set at once, silently, for levels
    # reached long ago so a backfill does not flood anyone.
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["badge", "level"]
        constraints = [models.UniqueConstraint(fields=["member", "badge", "level"], name="award_once")]
        indexes = [
            # Every page view of a logged-in member asks for this: keep it a tiny partial index.
            models.Index(
                fields=["member"], name="award_unnotified", condition=models.Q(notified_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.definition.name} level {self.level}"

    @property
    def definition(self) -> definitions.Badge:
        return definitions.get(self.badge)

    @property
    def message(self) -> str:
        return f"You reached {self.definition.name} level {self.level}"


class CommunityMember(models.Model):
    """An account that has tweeted with a community hashtag, as the badges last saw it.

    Metrics never read this (they ask the archive directly); it lets an incremental update notice
    an account becoming, or ceasing to be, a community member, which changes the Engagement,
    Followers and Following of the members related to it."""

    account_id = models.BigIntegerField(primary_key=True)

    def __str__(self) -> str:
        return str(self.account_id)


class Interaction(models.Model):
    """One engagement: a visible tweet and one other account it replies to, quotes, retweets or
    mentions (a retweet: the original's author only). Derived from the archive by
    `badges.derived` for every author, whoever the partner is; the Engagement metric keeps the
    rows whose author is a member and whose partner is a community member. Narrow and indexed
    by author and time, so a member's engagement never reads the wide tweet rows."""

    pk = models.CompositePrimaryKey("tweet_id", "partner_id")
    tweet_id = models.BigIntegerField()
    partner_id = models.BigIntegerField()
    author_id = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # A member's engagement in counting order (time, tweet, partner), read from the index
            # alone: re-reading a member after a deletion or a newcomer costs no heap visit and no
            # sort.
            models.Index(fields=["author_id", "created_at", "tweet_id", "partner_id"], name="interaction_author_items"),
            models.Index(fields=["partner_id"], name="interaction_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.author_id} → {self.partner_id} in {self.tweet_id}"
