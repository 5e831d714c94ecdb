"""Tweetchats: a community's one-hour conversations with a guest host, and the attribution of
archived tweets to them. They were the archive app's until the chats got an app of their own
(migrations/0001_initial.py and 0002 move them without touching a row)."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

from tweets.models import Account, Community, Tweet


class TweetchatQuerySet(models.QuerySet):
    def on_calendar(self) -> TweetchatQuerySet:
        return self.filter(status__in=[Tweetchat.Status.SCHEDULED, Tweetchat.Status.ARCHIVED])

    def upcoming(self, now=None) -> TweetchatQuerySet:
        return self.filter(status=Tweetchat.Status.SCHEDULED, end__gte=now or timezone.now())

    def past(self, now=None) -> TweetchatQuerySet:
        return self.filter(status=Tweetchat.Status.ARCHIVED, end__lt=now or timezone.now())


class Tweetchat(models.Model):
    """A one-hour conversation on a community hashtag with a guest host and a topic."""

    GRACE = timedelta(minutes=15)

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        SCHEDULED = "scheduled"
        ARCHIVED = "archived"
        DECLINED = "declined"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="chats")
    start = models.DateTimeField()
    end = models.DateTimeField()
    topic = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)
    questions = models.JSONField(default=list, blank=True, help_text="Ordered list of question texts")
    hosts = models.ManyToManyField(Account, blank=True, related_name="hosted_chats")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decline_reason = models.TextField(blank=True)
    # Who proposed it through the guest-host form, to tell them of the decision.
    proposer_name = models.CharField(max_length=100, blank=True)
    proposer_handle = models.CharField(max_length=50, blank=True)
    proposer_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    tweets = models.ManyToManyField(Tweet, blank=True, through="ChatTweet", related_name="chats")

    objects = TweetchatQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["community", "start"], name="chat_community_start"),
            models.Index(fields=["status", "start"], name="chat_status_start"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.start:%Y-%m-%d}: {self.topic}"

    def get_absolute_url(self) -> str:
        # The transcript's address carries the chat's date in UK time, as the calendar shows it.
        day = timezone.localtime(self.start, timezone.get_default_timezone()).date().isoformat()
        return reverse("chats:chat", args=[self.community.slug, day, self.slug])

    @property
    def window(self):
        return self.start - self.GRACE, self.end + self.GRACE


class ChatTweet(models.Model):
    """Attribution of a tweet to a chat (hashtag + window with grace), written set-based."""

    chat = models.ForeignKey(Tweetchat, on_delete=models.CASCADE)
    tweet = models.ForeignKey(Tweet, on_delete=models.CASCADE)
    author_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chat", "tweet"], name="chat_tweet_once")]
        indexes = [models.Index(fields=["author_id", "chat"], name="chattweet_author")]

    def __str__(self) -> str:
        return f"tweet {self.tweet_id} in chat {self.chat_id}"


class ChatNetwork(models.Model):
    """A chat's conversation network, laid out once when the chat is archived (chats/network.py)
    and read with the chat by the transcript page. Nodes are X account ids, never handles: who
    may be named is decided when the page is drawn, so an opt-out takes effect at once."""

    chat = models.OneToOneField(Tweetchat, on_delete=models.CASCADE, primary_key=True, related_name="network")
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"network of chat {self.chat_id}"
