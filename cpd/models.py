"""A member's CPD: their revalidation settings, the chats the archive says they took part in
(suggestions, derived), the entries they accepted or wrote, and their reflective accounts.

Everything here is private to the member: no public page, no share, and the admin shows no
reflection text (cpd/admin.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from chats.models import Tweetchat

from .rules import Method, Register, chat_minutes, rule_for


class Profile(models.Model):
    """The member's register and next renewal date, which set their window and targets."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_profile")
    register = models.CharField(max_length=20, choices=Register.choices, default=Register.NURSE)
    renewal_date = models.DateField(null=True, blank=True)
    # When the member's suggestions were last worked out; None: never (their first visit does).
    suggested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"CPD profile of member {self.member_id}"

    @property
    def rule(self):
        return rule_for(self.register)


class Participation(models.Model):
    """What the archive says a registered member did in one archived chat: derived data that
    `cpd.suggestions.refresh` rewrites set-based (never edited by hand). A participation with no
    tweetchat entry of the member's for its chat is a suggestion."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chat = models.ForeignKey(Tweetchat, on_delete=models.CASCADE, related_name="+")
    account_id = models.BigIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    tweets = models.IntegerField(default=0)  # their own tweets, retweets aside
    retweets = models.IntegerField(default=0)
    replies = models.IntegerField(default=0)  # replies to other people
    replied_by = models.IntegerField(default=0)  # replies they got from others in the chat
    partners = models.IntegerField(default=0)  # distinct people replied to, mentioned or replied by
    changed_at = models.DateTimeField()  # when a figure last changed

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "chat"], name="cpd_participation_once")]

    def __str__(self) -> str:
        return f"member {self.member_id} in chat {self.chat_id}"

    @property
    def minutes(self) -> int:
        return chat_minutes(self.first_at, self.last_at, self.chat.start, self.chat.end)

    @property
    def participatory(self) -> bool:
        return self.partners > 0


class EntryQuerySet(models.QuerySet):
    def accepted(self) -> EntryQuerySet:
        return self.filter(status=Entry.Status.ACCEPTED)

    def in_window(self, start, end) -> EntryQuerySet:
        return self.filter(start_date__gte=start, start_date__lte=end)


class Entry(models.Model):
    """One CPD record as the regulators' logs hold it. A dismissed suggestion is kept as a
    dismissed entry so that it does not come back with the next refresh."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted"
        DISMISSED = "dismissed"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries")
    # The chat joined or read; kept as text in `evidence` too, should the chat ever go.
    chat = models.ForeignKey(Tweetchat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    method = models.CharField(max_length=20, choices=Method.choices)
    title = models.CharField("Topic", max_length=200)
    description = models.TextField("Description of the topic and how it relates to your practice", blank=True)
    start_date = models.DateField("Date")
    end_date = models.DateField("End date", null=True, blank=True)
    minutes = models.PositiveIntegerField()
    participatory_minutes = models.PositiveIntegerField(default=0)
    themes = models.JSONField("Parts of the Code", default=list, blank=True)
    evidence = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            # One "joined" and one "read" entry per chat and member: accepting twice is harmless.
            models.UniqueConstraint(
                fields=["member", "chat", "method"], name="cpd_entry_once_per_chat", condition=models.Q(chat__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["member", "start_date"], name="cpd_entry_member_date")]

    def __str__(self) -> str:
        return f"{self.start_date} {self.title}"

    @property
    def is_tweetchat(self) -> bool:
        return self.method == Method.TWEETCHAT


class Reflection(models.Model):
    """A written reflective account, under the four headings of the NMC form."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_reflections")
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="reflection")
    nature = models.TextField("What was the nature of the activity?")
    learned = models.TextField("What did you learn?")
    changed = models.TextField("How did you change or improve your practice as a result?")
    relevance = models.TextField("How is this relevant to the Code?")
    themes = models.JSONField("Themes of the Code", default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Reflective account {self.pk}"
