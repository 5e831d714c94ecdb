"""Forms of the chat pages: the guest-host proposal, the calendar and archive filters, and the
admin's decline reason."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from tweets.models import Account, Community

from .models import Tweetchat

HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
HANDLE_MESSAGE = "An X handle has 1 to 15 letters, digits or underscores, like @WeNurses."
QUESTION_LABEL = re.compile(r"^\s*Q\s?\d{1,2}\s*[:.)\-–]?\s*", re.IGNORECASE)
MAX_QUESTIONS = 10
QUESTION_LENGTH = 280
CHAT_LENGTH = timedelta(hours=1)
HOW_FAR_AHEAD = timedelta(days=366)


def known_about(user) -> dict[str, str]:
    """What the site knows of a logged-in member (name, X handle, email), to fill in the guest-host
    form for them; nothing for a visitor."""
    if not user.is_authenticated:
        return {}
    account = Account.objects.filter(member=user).only("name", "handle").first()
    known = {
        "name": (account.name if account else "") or user.get_full_name(),
        "handle": account.handle if account else "",
        "email": user.email,
    }
    return {field: value for field, value in known.items() if value}


class GuestHostForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=100)
    handle = forms.CharField(
        label="Your X handle",
        max_length=50,
        help_text="For example @WeNurses. You will host from this account.",
        error_messages={"max_length": HANDLE_MESSAGE},
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="Only the community's admins see it; they use it to tell you their decision.",
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.all(),
        empty_label="Choose a community",
        label="Community",
        error_messages={"invalid_choice": "Choose one of the communities in the list."},
    )
    date = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}), help_text="The day of the chat, in UK time."
    )
    time = forms.TimeField(
        label="Start time (UK time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Chats last one hour. Most communities meet at 20:00.",
    )
    topic = forms.CharField(label="Topic", max_length=200)
    background = forms.CharField(
        label="Background",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why this topic matters, and a little about you. It appears with the chat on the calendar.",
    )
    questions = forms.CharField(
        label="Your questions",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"One question per line, in the order you will ask them (at most {MAX_QUESTIONS}). "
        "You will tweet them as Q1, Q2, … during the chat.",
    )
    consent = forms.BooleanField(
        label="I agree to be named as the host of this chat on the calendar and in its transcript.",
        error_messages={
            "required": "Tick the box to agree to be named as host: a chat cannot go on the calendar without it."
        },
    )
    # A field people never see (hidden by CSS, skipped by keyboard and screen readers) that
    # spam bots fill in; the view drops any submission that has it.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    error_messages = {
        "past": "Choose a date and time in the future (UK time).",
        "far": "Choose a date within the next twelve months.",
        "clash": "{community} already has a chat from {start} to {end} UK time on {day} (“{topic}”). "
        "Choose a time at least 30 minutes clear of it.",
    }

    field_messages = {
        "name": {"required": "Enter your name."},
        "handle": {"required": "Enter your X handle, like @WeNurses."},
        "email": {
            "required": "Enter your email address, so the admins can tell you their decision.",
            "invalid": "Enter an email address like name@example.org.",
        },
        "community": {"required": "Choose the community your chat is for."},
        "date": {"required": "Enter the date of your chat.", "invalid": "Enter a real date, like 2030-03-07."},
        "time": {"required": "Enter the start time, like 20:00.", "invalid": "Enter a time like 20:00."},
        "topic": {"required": "Enter the topic of your chat."},
        "background": {"required": "Tell us a little about the topic and about you."},
        "questions": {"required": "Write at least one question, one per line."},
    }

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        for name, messages in self.field_messages.items():
            self.fields[name].error_messages.update(messages)

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean_topic(self) -> str:
        # One line: the topic goes into email subjects and calendar summaries.
        return _one_line(self.cleaned_data["topic"])

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().removeprefix("@")
        if not HANDLE.match(handle):
            raise forms.ValidationError(HANDLE_MESSAGE)
        return handle

    def clean_questions(self) -> list[str]:
        lines = [QUESTION_LABEL.sub("", line).strip() for line in self.cleaned_data["questions"].splitlines()]
        questions = [line for line in lines if line]
        if not questions:
            raise forms.ValidationError("Write at least one question, one per line.")
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(f"Keep to {MAX_QUESTIONS} questions at most: an hour goes quickly.")
        for number, question in enumerate(questions, start=1):
            if len(question) > QUESTION_LENGTH:
                raise forms.ValidationError(
                    f"Q{number} is longer than a tweet: keep each question to {QUESTION_LENGTH} characters."
                )
        return questions

    def clean(self) -> dict:
        data = super().clean()
        day, at, community = data.get("date"), data.get("time"), data.get("community")
        if day is None or at is None:
            return data
        start = timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())
        end = start + CHAT_LENGTH
        if start <= self.now:
            self.add_error("date", self.error_messages["past"])
            return data
        if start > self.now + HOW_FAR_AHEAD:
            self.add_error("date", self.error_messages["far"])
            return data
        if community is not None:
            clash = _clash(community, start, end)
            if clash is not None:
                self.add_error(
                    "time",
                    self.error_messages["clash"].format(
                        community=community.display_hashtag,
                        start=_uk(clash.start, "H:i"),
                        end=_uk(clash.end, "H:i"),
                        day=_uk(clash.start, "l j F Y"),
                        topic=clash.topic,
                    ),
                )
        data["start"], data["end"] = start, end
        return data


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _clash(community: Community, start: datetime, end: datetime, other_than: int | None = None) -> Tweetchat | None:
    """A scheduled chat of the community whose window (with grace) would overlap this one's:
    two such chats would share tweets."""
    gap = 2 * Tweetchat.GRACE
    return (
        Tweetchat.objects.filter(
            community=community, status=Tweetchat.Status.SCHEDULED, start__lt=end + gap, end__gt=start - gap
        )
        .exclude(pk=other_than)
        .order_by("start")
        .first()
    )


def clashing_chat(chat: Tweetchat) -> Tweetchat | None:
    """For moderation: a scheduled chat of the same community too close to this proposal."""
    return _clash(chat.community, chat.start, chat.end, other_than=chat.pk)


def _uk(moment: datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment, timezone.get_default_timezone()), fmt)


class ChatFilterForm(forms.Form):
    """The calendar's and the archive's filters (GET)."""

    community = forms.ModelChoiceField(
        queryset=Community.objects.all(),
        required=False,
        empty_label="All communities",
        to_field_name="slug",
        label="Community",
    )
    q = forms.CharField(
        required=False, max_length=100, label="Topic contains", widget=forms.TextInput(attrs={"type": "search"})
    )


class QuestionLines(forms.CharField):
    """A chat's questions as a moderator edits them: one per line (a "Q1:" label is dropped),
    stored as the list the transcript reads."""

    widget = forms.Textarea(attrs={"rows": 8})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        lines = (QUESTION_LABEL.sub("", line).strip() for line in super().to_python(value).splitlines())
        return [line for line in lines if line]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for number, question in enumerate(value, start=1):
            if len(question) > QUESTION_LENGTH:
                raise forms.ValidationError(f"Q{number} is longer than a tweet ({QUESTION_LENGTH} characters).")


class DeclineForm(forms.Form):
    """The intermediate page of the admin's decline action."""

    reason = forms.CharField(
        label="Reason (sent to the proposer)",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="Be kind and specific: the proposer reads this in an email.",
    )
