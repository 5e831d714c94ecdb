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


class Account(models.Model):
    """An X user seen in the archive or the follow graph. Primary key is X's user id."""

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

    class Meta:
        indexes = [models.Index(models.functions.Lower("handle"), name="account_handle_lower")]

    def __str__(self) -> str:
        return f"@{self.handle}"


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

    # Indexed by hashtag_once_per_tweet, which leads with tweet.
    tweet = models.ForeignKey(Tweet, on_delete=models.CASCADE, related_name="hashtags", db_index=False)
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

    # Indexed by mention_once_per_tweet, which leads with tweet.
    tweet = models.ForeignKey(Tweet, on_delete=models.CASCADE, related_name="mentions", db_index=False)
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
