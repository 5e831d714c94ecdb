"""Turning what the archive suggests into the member's own records: accept (with their edits),
dismiss, restore, and "I read this". Each is idempotent on the entry's natural key (member,
chat, method), so a double click or a replayed POST changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from chats.models import Tweetchat

from .models import Entry, Participation
from .rules import Method


def chat_url(chat: Tweetchat) -> str:
    """The chat's public transcript, absolute: the evidence a reviewer can open."""
    return settings.SITE_URL + chat.get_absolute_url()


def participation_or_404(member_id: int, chat_id: int) -> Participation:
    found = (
        Participation.objects.filter(member_id=member_id, chat_id=chat_id)
        .select_related("chat__community")
        .prefetch_related("chat__hosts")
        .first()
    )
    if found is None:
        raise Http404("No such suggestion")
    return found


def _hosts(chat: Tweetchat) -> str:
    return ", ".join(a.label for a in chat.hosts.all())


def describe(part: Participation) -> str:
    """The suggested description: the chat and the member's part in it, for them to rewrite
    with how it relates to their practice."""
    chat = part.chat
    lines = [f"{chat.community.display_hashtag} tweetchat: {chat.topic}."]
    if hosts := _hosts(chat):
        lines.append(f"Hosted by {hosts}.")
    questions = [f"Q{n} {q}" for n, q in enumerate(chat.questions or [], start=1)]
    if questions:
        lines.append("Questions: " + " ".join(questions))
    took = []
    if part.tweets:
        took.append(f"posted {part.tweets} tweet{'s' if part.tweets != 1 else ''}")
        if part.replies:
            took[-1] += f", {part.replies} of them replies to others"
    if part.retweets:
        took.append(f"retweeted {part.retweets} tweet{'s' if part.retweets != 1 else ''}")
    lines.append("I " + " and ".join(took) + ".")
    if part.partners:
        lines.append(f"I talked with {part.partners} other participant{'s' if part.partners != 1 else ''}.")
    lines.append("How it relates to my practice: ")
    return "\n".join(lines)


def suggested_fields(part: Participation) -> dict:
    """The fields of the entry the archive suggests for this participation."""
    chat = part.chat
    minutes = part.minutes
    return {
        "method": Method.TWEETCHAT,
        "title": chat.topic[:200],
        "description": describe(part),
        "start_date": timezone.localdate(chat.start),
        "end_date": None,
        "minutes": minutes,
        "participatory_minutes": minutes if part.participatory else 0,
        "themes": [],
        "evidence": chat_url(chat),
    }


def accept(member, part: Participation, edited: dict | None = None) -> Entry:
    """Accept a suggestion as it stands or with the member's edits (a dismissed one too)."""
    fields = {**suggested_fields(part), **(edited or {}), "status": Entry.Status.ACCEPTED}
    fields["method"] = Method.TWEETCHAT
    entry, _ = Entry.objects.update_or_create(member=member, chat=part.chat, method=Method.TWEETCHAT, defaults=fields)
    return entry


def dismiss(member, part: Participation) -> Entry:
    """Kept as a dismissed entry, so the next refresh does not suggest the chat again; an
    entry already accepted is left alone (dismiss is for suggestions)."""
    with transaction.atomic():
        entry, created = Entry.objects.get_or_create(
            member=member, chat=part.chat, method=Method.TWEETCHAT,
            defaults={**suggested_fields(part), "status": Entry.Status.DISMISSED},
        )
    return entry


def restore(member, chat_id: int) -> int:
    """A dismissed chat becomes a suggestion again."""
    deleted, _ = Entry.objects.filter(
        member=member, chat_id=chat_id, method=Method.TWEETCHAT, status=Entry.Status.DISMISSED
    ).delete()
    return deleted


def read(member, chat: Tweetchat, minutes: int) -> Entry:
    """"I read this": a non-participatory entry for the time the member says they spent on the
    transcript, dated the day they read it. Saying it again updates the time."""
    hosts = _hosts(chat)
    description = f"Read the transcript of the {chat.community.display_hashtag} tweetchat: {chat.topic}."
    if hosts:
        description += f" Hosted by {hosts}."
    description += "\nHow it relates to my practice: "
    entry, created = Entry.objects.get_or_create(
        member=member, chat=chat, method=Method.READING,
        defaults={
            "title": chat.topic[:200],
            "description": description,
            "start_date": timezone.localdate(),
            "minutes": minutes,
            "participatory_minutes": 0,
            "evidence": chat_url(chat),
        },
    )
    if not created and (entry.minutes != minutes or entry.status != Entry.Status.ACCEPTED):
        entry.minutes, entry.status = minutes, Entry.Status.ACCEPTED
        entry.save(update_fields=["minutes", "status", "updated_at"])
    return entry


def logged_count(chat_id: int, member_id: int | None) -> tuple[int, bool]:
    """How many members logged this chat as CPD (joined or read), and whether this one did:
    one aggregate, never names."""
    found = Entry.objects.accepted().filter(chat_id=chat_id).aggregate(
        members=Count("member_id", distinct=True), mine=Count("id", filter=Q(member_id=member_id))
    )
    return found["members"], bool(found["mine"])

