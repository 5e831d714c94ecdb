"""What Suggested Follows stores: each member's ranked suggestions with their reasons in words,
the suggestions they dismissed, the members who opted out of being suggested, and the topics
(bio words and hashtags) the similarity signal joins on. All but Dismissal and OptOut are
derived and rebuilt by `suggestions.refresh`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tweets.models import Account, FollowEdge


def not_left_out_of_archive(prefix: str = "") -> Q:
    """Accounts that did not opt out of the archive (anonymised or removed: tweets/consent.py),
    as a filter on Account (or through `prefix`, e.g. "account__"): a suggestion names its
    account, so only those our pages may name. Every suggestion path honours it, the nightly
    computation and the page alike."""
    return Q(**{f"{prefix}archive_choice": Account.ArchiveChoice.NAMED})


def suggestible(prefix: str = "") -> Q:
    """The accounts we may ever suggest, as a filter on Account (or through `prefix`): public,
    not deleted, not opted out of being suggested, not left out of the archive."""
    opted_out = OptOut.objects.filter(member_id=OuterRef(f"{prefix}member_id"))
    return (
        Q(**{f"{prefix}protected": False, f"{prefix}deleted_at__isnull": True})
        & ~Q(Exists(opted_out))
        & not_left_out_of_archive(prefix)
    )


def suggestible_accounts():
    return Account.objects.filter(suggestible())


class SuggestionQuerySet(models.QuerySet):
    def shown_to(self, member_id: int, community_id: int | None = None) -> SuggestionQuerySet:
        """The member's stored suggestions as the page shows them: in one query, without the
        ones dismissed, followed since, or no longer suggestible (an opt-out, a protected or
        deleted account takes effect at once, before the next refresh)."""
        rows = self.filter(member_id=member_id)
        if community_id is not None:
            rows = rows.filter(communities__contains=f",{int(community_id)},")
        dismissed = Dismissal.objects.filter(member_id=member_id, account_id=OuterRef("account_id"))
        followed = FollowEdge.objects.filter(follower__member_id=member_id, followee_id=OuterRef("account_id"))
        return (
            rows.filter(suggestible("account__"))
            .exclude(Exists(dismissed))
            .exclude(Exists(followed))
            .select_related("account")
            .order_by("-different", "rank")
        )


class Suggestion(models.Model):
    """One account suggested to one member, with its place and its reasons. `different` marks
    the "someone different" slot, outside the ranked list."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    different = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    # The ids of the Wes the account tweets in, as ",1,4," so "in this We" is a LIKE that both
    # PostgreSQL and SQLite run the same way (no JSON operators needed for a filter this small).
    communities = models.CharField(max_length=200, default=",")
    computed_at = models.DateTimeField(default=timezone.now)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "account"], name="suggestion_once")]
        indexes = [models.Index(fields=["member", "rank"], name="suggestion_member_rank")]

    def __str__(self) -> str:
        return f"{self.account_id} for {self.member_id} (#{self.rank})"

    @property
    def follow_url(self) -> str:
        # X's web intent: the member follows on X, as themselves; we need no write scope.
        return "https://x.com/intent/follow?" + urlencode({"screen_name": self.account.handle})


class Dismissal(models.Model):
    """An account a member does not want suggested again: for good, until they delete their data."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "account_id"], name="dismissal_once")]

    def __str__(self) -> str:
        return f"{self.account_id} dismissed by {self.member_id}"


class OptOut(models.Model):
    """A member who asked not to be suggested to others. No row: suggested (the default)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="suggestion_opt_out"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.member_id} opted out"


class Topic(models.Model):
    """A word or phrase from an account's bio, or a hashtag it tweeted, with the weight of the
    topic (its inverse document frequency among community accounts). Only topics shared by at
    least two accounts and not by too many are kept: the rest can never make a useful overlap."""

    pk = models.CompositePrimaryKey("account_id", "term")
    account_id = models.BigIntegerField()
    term = models.CharField(max_length=140)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "account_id"], name="topic_term")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.term}"
