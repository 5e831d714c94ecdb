"""The archive: communities, X accounts, tweets with their hashtags and mentions, follow edges,
and the dead letters of payloads we could not read."""

from __future__ import annotations

import django.db.models.functions  # noqa: F401  (models.functions.Lower in Meta)
from django.conf import settings
from django.db import models
from django.utils import timezone


class CommunityQuerySet(models.QuerySet):
    def with_archive_counts(self) -> CommunityQuerySet:
        """Each community with its archived tweets and distinct tweeters, in two subqueries."""
        tagged = TweetHashtag.objects.filter(tag=models.OuterRef("hashtag")).order_by()
        tweets = tagged.values("tag").annotate(n=models.Count("tweet_id")).values("n")
        people = tagged.values("tag").annotate(n=models.Count("author_id", distinct=True)).values("n")
        return self.annotate(
            tweet_count=models.functions.Coalesce(models.Subquery(tweets), 0),
            member_count=models.functions.Coalesce(models.Subquery(people), 0),
        )


class Community(models.Model):
    """A We: a professional community around one hashtag. Data, not code: admins add them."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Stored without '#', lower case, so it joins TweetHashtag.tag directly.
    hashtag = models.CharField(max_length=100, unique=True, help_text="Without #, e.g. wenurses")
    display_hashtag = models.CharField(max_length=101, help_text="As people write it, e.g. #WeNurses")
    colour = models.CharField(max_length=7, default="#005eb8", help_text="Hex colour, e.g. #005eb8")
    description = models.TextField(blank=True)
    admins = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="administered_communities")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.display_hashtag or self.name

    def save(self, *args, **kwargs):
        self.hashtag = self.hashtag.lstrip("#").lower()
        if not self.display_hashtag:
            self.display_hashtag = f"#{self.hashtag}"
        super().save(*args, **kwargs)


class AccountQuerySet(models.QuerySet):
    def shown(self) -> AccountQuerySet:
        """Accounts whose tweets our pages show (named or not): not deleted, not removed."""
        return self.filter(deleted_at__isnull=True).exclude(archive_choice=Account.ArchiveChoice.REMOVE)

    def named(self) -> AccountQuerySet:
        """Accounts our pages may name: everyone who has not opted out of the archive."""
        return self.filter(deleted_at__isnull=True, archive_choice=Account.ArchiveChoice.NAMED)

    def opted_out(self) -> AccountQuerySet:
        return self.exclude(archive_choice=Account.ArchiveChoice.NAMED)


class Account(models.Model):
    """An X user seen in the archive or the follow graph. Primary key is X's user id."""

    class ArchiveChoice(models.TextChoices):
        """What the person chose for their tweets on our pages (tweets/consent.py)."""

        NAMED = "", "Shown with my name"
        ANONYMISE = "anonymise", "Shown without my name or handle"
        REMOVE = "remove", "Removed from every page"

    id = models.BigIntegerField(primary_key=True)
    handle = models.CharField(max_length=50, db_index=True)
    name = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    followers_count = models.IntegerField(null=True, blank=True)
    following_count = models.IntegerField(null=True, blank=True)
    protected = models.BooleanField(default=False)
    # When the profile we hold was current (the time of the payload it came with): an older
    # payload imported later must not overwrite a newer profile.
    profile_at = models.DateTimeField(null=True, blank=True)
    # Set when X tells us the user was deleted or suspended: their tweets leave the archive.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The site user who logged in with this X account (a registered member), if any.
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="x_account"
    )
    # The person's archive opt-out and when they made it (every decision is kept in
    # ArchiveDecision). On the row itself so every page filters it in the join it already makes.
    archive_choice = models.CharField(
        max_length=10, choices=ArchiveChoice.choices, blank=True, default="", db_default=""
    )
    archive_choice_at = models.DateTimeField(null=True, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(models.functions.Lower("handle"), name="account_handle_lower"),
            # Few people opt out: pages read their handles (to leave @mentions of them out) cheaply.
            models.Index(fields=["archive_choice"], name="account_opted_out", condition=~models.Q(archive_choice="")),
        ]

    def __str__(self) -> str:
        return f"@{self.handle}"

    @property
    def is_anonymous(self) -> bool:
        """True when our pages must not name this person (anonymised or removed)."""
        return bool(self.archive_choice)

    @property
    def label(self) -> str:
        """How our pages refer to the person: their handle, or a neutral phrase."""
        return "A participant" if self.is_anonymous else f"@{self.handle}"


class ArchiveDecision(models.Model):
    """Every archive opt-out (or opt back in) a person made, with its date: the record of consent."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="archive_decisions")
    choice = models.CharField(max_length=10, choices=Account.ArchiveChoice.choices, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.choice or 'named'} on {self.decided_at:%Y-%m-%d}"


class TweetQuerySet(models.QuerySet):
    def visible(self) -> TweetQuerySet:
        return self.filter(deleted_at__isnull=True)

    def with_hashtag(self, tag: str) -> TweetQuerySet:
        return self.filter(hashtags__tag=tag.lstrip("#").lower())

    def in_window(self, start, end) -> TweetQuerySet:
        return self.filter(created_at__gte=start, created_at__lt=end)


class Tweet(models.Model):
    class Kind(models.TextChoices):
        ORIGINAL = "original"
        REPLY = "reply"
        RETWEET = "retweet"
        QUOTE = "quote"

    id = models.BigIntegerField(primary_key=True)
    # No index of its own: tweet_author_time leads with author (each index entry costs the
    # importer, docs/performance.md).
    author = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="tweets", db_index=False)
    created_at = models.DateTimeField()
    text = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ORIGINAL)
    lang = models.CharField(max_length=10, blank=True)
    conversation_id = models.BigIntegerField(null=True, blank=True)
    # Referenced tweets and their authors as plain ids: the tweet or account may never reach us.
    replied_to_id = models.BigIntegerField(null=True, blank=True)
    replied_to_author_id = models.BigIntegerField(null=True, blank=True)
    quoted_id = models.BigIntegerField(null=True, blank=True)
    quoted_author_id = models.BigIntegerField(null=True, blank=True)
    retweeted_id = models.BigIntegerField(null=True, blank=True)
    retweeted_author_id = models.BigIntegerField(null=True, blank=True)
    # The tweet's own JSON as X sent it (the archive's evidence), kept as text: text is cheaper
    # to write than jsonb and PostgreSQL compresses it out of line (docs/performance.md).
    raw = models.TextField(blank=True)
    archived_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = TweetQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["author", "created_at"], name="tweet_author_time"),
            models.Index(fields=["created_at"], name="tweet_time"),
            models.Index(fields=["conversation_id"], name="tweet_conversation"),
            models.Index(fields=["replied_to_author_id"], name="tweet_replied_author"),
            models.Index(fields=["replied_to_id"], name="tweet_replied_to"),
            # Who quoted or retweeted an account (Engagement both ways, and the badges' update
            # when an account joins the communities). Partial: most tweets are neither.
            models.Index(
                fields=["quoted_author_id"], name="tweet_quoted_author", condition=models.Q(quoted_author_id__isnull=False)
            ),
            models.Index(
                fields=["retweeted_author_id"],
                name="tweet_retweeted_author",
                condition=models.Q(retweeted_author_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} by {self.author_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class TweetHashtag(models.Model):
    """One hashtag of one tweet, lower case without '#'. Author and time are copied from the
    tweet so that badge and chat queries read one narrow table with one index."""

    # Indexed by hashtag_once_per_tweet, which leads with tweet. No constraint in the database:
    # its check at commit, one per row, cost the importer a quarter of its server time
    # (docs/performance.md); only tweets/archive.py writes these rows, for tweets it inserted.
    tweet = models.ForeignKey(
        Tweet, on_delete=models.CASCADE, related_name="hashtags", db_index=False, db_constraint=False
    )
    tag = models.CharField(max_length=140)
    author_id = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tweet", "tag"], name="hashtag_once_per_tweet")]
        indexes = [
            models.Index(fields=["tag", "created_at"], name="hashtag_tag_time"),
            models.Index(fields=["author_id", "tag"], name="hashtag_author_tag"),
        ]

    def __str__(self) -> str:
        return f"#{self.tag} in {self.tweet_id}"


class TweetMention(models.Model):
    """One @mention in one tweet. The mentioned account may be unknown to us, hence a plain id."""

    # Indexed by mention_once_per_tweet, which leads with tweet. No constraint in the database,
    # as for TweetHashtag.tweet.
    tweet = models.ForeignKey(
        Tweet, on_delete=models.CASCADE, related_name="mentions", db_index=False, db_constraint=False
    )
    mentioned_id = models.BigIntegerField()
    handle = models.CharField(max_length=50)
    author_id = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tweet", "mentioned_id"], name="mention_once_per_tweet")]
        indexes = [
            models.Index(fields=["mentioned_id"], name="mention_mentioned"),
            models.Index(fields=["author_id"], name="mention_author"),
        ]

    def __str__(self) -> str:
        return f"@{self.handle} in {self.tweet_id}"


class TweetTombstone(models.Model):
    """A deletion we were told about, kept so a tweet deleted before (or after) it is archived
    never comes back when the same payload is imported again."""

    tweet_id = models.BigIntegerField(primary_key=True)
    author_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=50, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.tweet_id} deleted ({self.reason})"


class DeadLetter(models.Model):
    """A payload we could not archive, kept whole with where it came from and why."""

    raw = models.TextField()
    source = models.CharField(max_length=500, help_text="File path, 'stream', 'search', …")
    line = models.IntegerField(null=True, blank=True)
    offset = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=500)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["reason"], name="deadletter_reason"),
            # Re-importing a file, or redelivering a batch, looks up what it already kept.
            models.Index(fields=["source", "line"], name="deadletter_source_line"),
        ]

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


class FollowEdge(models.Model):
    """follower → followee, read from a registered member's OAuth-granted lists."""

    follower = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="following_edges")
    followee = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="follower_edges")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follower", "followee"], name="follow_once")]
        indexes = [models.Index(fields=["followee", "follower"], name="follow_followee")]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followee_id}"


# ---------------------------------------------------------------- what reading X costs


class XRead(models.Model):
    """One line of the read ledger (tweets/ledger.py): the calls made to one X endpoint for one
    purpose on one day, the resources they returned and what X charges for them."""

    day = models.DateField()
    purpose = models.CharField(max_length=20)
    endpoint = models.CharField(max_length=60)
    calls = models.IntegerField(default=0)
    posts = models.IntegerField(default=0)
    users = models.IntegerField(default=0)
    # Resources X charges for: those not already read in its 24-hour window.
    charged_posts = models.IntegerField(default=0)
    charged_users = models.IntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=4, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "purpose", "endpoint"], name="xread_once_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.purpose} {self.endpoint}: {self.calls} calls, ${self.cost}"


class XCharge(models.Model):
    """The UTC day X last charged us for one post or user: read again that day it is free.
    Rows of earlier days are deleted by the ledger as it goes."""

    kind = models.CharField(max_length=4)  # post | user
    resource_id = models.BigIntegerField()
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "resource_id"], name="xcharge_once")]
        indexes = [models.Index(fields=["day"], name="xcharge_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.resource_id} charged on {self.day}"


class XBudget(models.Model):
    """The monthly budget an admin sets live (one row); without it, X_MONTHLY_BUDGET."""

    dollars = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="Dollars (or X credits) a month; empty: X_MONTHLY_BUDGET from the environment.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "X budget"

    def __str__(self) -> str:
        return f"X budget ${self.dollars}" if self.dollars is not None else "X budget from the environment"


class SearchPoll(models.Model):
    """Where polling recent search stands for one community (ARCHIVE_MODE=chat-hours): the
    newest tweet id seen, so the next poll asks only for newer ones (since_id)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, primary_key=True, related_name="search_poll")
    newest_id = models.BigIntegerField(null=True, blank=True)
    newest_at = models.DateTimeField(null=True, blank=True)  # recent search refuses a since_id over 7 days old
    polled_at = models.DateTimeField(null=True, blank=True)
    pages = models.IntegerField(default=0)  # pages of the last poll
    error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"search poll of {self.community_id} at {self.polled_at}"
