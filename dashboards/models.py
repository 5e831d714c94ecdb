"""What members choose to share, and the word clouds drawn for their dashboards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ShareQuerySet(models.QuerySet):
    def of(self, member) -> ShareQuerySet:
        return self.filter(member=member)

    def dashboards_of(self, member) -> set[str]:
        return set(self.of(member).values_list("dashboard", flat=True))


class Share(models.Model):
    """One dashboard a member chose to make public. No row means private: the default."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_shares")
    # The badge slug whose dashboard is shared (badges.definitions).
    dashboard = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ShareQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "dashboard"], name="share_once")]
        indexes = [models.Index(fields=["dashboard", "member"], name="share_dashboard")]

    def __str__(self) -> str:
        return f"{self.member} shares {self.dashboard}"


class WordCloud(models.Model):
    """The last word cloud drawn for one member's dashboard, and the hash of the input it was
    drawn from: a page compares that hash with today's input to know whether to ask for a
    new one, and shows this one meanwhile."""

    class Kind(models.TextChoices):
        FOLLOWERS = "followers", "bios of your community followers"
        FOLLOWING = "following", "bios of the community members you follow"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="word_clouds")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    input_hash = models.CharField(max_length=64)
    svg = models.TextField(blank=True)
    # The most frequent words with their weights, for the text alternative.
    words = models.JSONField(default=list, blank=True)
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="wordcloud_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} cloud of {self.member}"


class LeaderboardEntry(models.Model):
    """A member who chose to appear on their communities' leaderboards. No row: not listed, the
    default. A switch of its own, apart from sharing dashboards."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leaderboard_entry")
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.member} on the leaderboards"
