"""Guest-host proposals: taking one in (with a per-IP rate limit), telling the community's admins,
and the moderators' decisions (approve → scheduled, or decline with a reason), each of which
the proposer hears about by email."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tweets.models import Account

from . import attribution
from .forms import clashing_chat
from .models import Tweetchat
from .signals import send_chats_changed

log = logging.getLogger(__name__)

# Proposals one address may make per hour; a person proposes a chat or two, a bot hundreds.
PROPOSALS_PER_HOUR = 3
RATE_WINDOW_SECONDS = 3600


def rate_limited(ip: str) -> bool:
    """True when this address has already made its proposals for the hour."""
    return (cache.get(_rate_key(ip)) or 0) >= getattr(settings, "CHAT_PROPOSALS_PER_HOUR", PROPOSALS_PER_HOUR)


def count_proposal(ip: str) -> None:
    key = _rate_key(ip)
    # add() then incr(): both atomic in Redis, so parallel requests cannot lose a count.
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, RATE_WINDOW_SECONDS)


def _rate_key(ip: str) -> str:
    return f"chats:proposals:{ip}"


def propose(data: dict) -> Tweetchat:
    """Store a valid guest-host form's proposal and tell the community's admins on commit."""
    chat = Tweetchat.objects.create(
        community=data["community"],
        start=data["start"],
        end=data["end"],
        topic=data["topic"],
        slug=slugify(data["topic"])[:200] or "chat",
        description=data["background"],
        questions=data["questions"],
        status=Tweetchat.Status.PROPOSED,
        proposer_name=data["name"],
        proposer_handle=data["handle"],
        proposer_email=data["email"],
    )
    transaction.on_commit(lambda: _notify_admins(chat))
    return chat


def _notify_admins(chat: Tweetchat) -> None:
    recipients = admin_emails(chat)
    if not recipients:
        log.warning("no admin with an email address to tell of proposed chat %s", chat.pk)
        return
    context = {"chat": chat, "review_url": settings.SITE_URL + reverse("admin:chats_tweetchat_change", args=[chat.pk])}
    _send(
        f"New {chat.community.display_hashtag} chat proposed: {chat.topic}",
        "chats/email_proposed.txt",
        context,
        recipients,
    )


def admin_emails(chat: Tweetchat) -> list[str]:
    """The community's admins; a community without any falls back to the site's superusers."""
    admins = chat.community.admins.filter(is_active=True).exclude(email="")
    if not admins.exists():
        admins = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(set(admins.values_list("email", flat=True)))


@dataclass
class Decision:
    done: list[Tweetchat]
    skipped: list[tuple[Tweetchat, str]]


def approve(selected: Iterable[Tweetchat]) -> Decision:
    """Put proposals on the calendar: proposed → scheduled, hosts linked by handle, proposer told.
    A proposal that clashes with a scheduled chat of its community stays in the queue."""
    decision = Decision(done=[], skipped=[])
    for chat in selected:
        if chat.status != Tweetchat.Status.PROPOSED:
            decision.skipped.append((chat, f"it is {chat.status}, not proposed"))
            continue
        clash = clashing_chat(chat)
        if clash is not None:
            decision.skipped.append((chat, f"it clashes with “{clash.topic}” at {_uk(clash.start)}"))
            continue
        with transaction.atomic():
            # Conditional UPDATE: two moderators approving at once schedule (and email) once.
            if not Tweetchat.objects.filter(pk=chat.pk, status=Tweetchat.Status.PROPOSED).update(
                status=Tweetchat.Status.SCHEDULED
            ):
                decision.skipped.append((chat, "someone else decided it first"))
                continue
            chat.status = Tweetchat.Status.SCHEDULED
            _link_hosts(chat)
            if chat.start - Tweetchat.GRACE <= timezone.now():
                attribution.attribute([chat])  # approved late: collect what was already tweeted
            send_chats_changed([chat.pk])
            transaction.on_commit(
                lambda chat=chat: _tell_proposer(chat, "chats/email_approved.txt", "is on the calendar")
            )
        decision.done.append(chat)
    return decision


def decline(selected: Iterable[Tweetchat], reason: str) -> Decision:
    """Decline proposals (or cancel scheduled chats) with a reason the proposer is sent."""
    decision = Decision(done=[], skipped=[])
    open_statuses = [Tweetchat.Status.PROPOSED, Tweetchat.Status.SCHEDULED]
    for chat in selected:
        if chat.status not in open_statuses:
            decision.skipped.append((chat, f"it is already {chat.status}"))
            continue
        with transaction.atomic():
            if not Tweetchat.objects.filter(pk=chat.pk, status__in=open_statuses).update(
                status=Tweetchat.Status.DECLINED, decline_reason=reason
            ):
                decision.skipped.append((chat, "someone else decided it first"))
                continue
            chat.status, chat.decline_reason = Tweetchat.Status.DECLINED, reason
            send_chats_changed([chat.pk])
            transaction.on_commit(
                lambda chat=chat: _tell_proposer(chat, "chats/email_declined.txt", "was not accepted")
            )
        decision.done.append(chat)
    return decision


def _link_hosts(chat: Tweetchat) -> None:
    # Accounts are keyed by X's user id, which the form cannot know: link the proposer only when
    # the archive has already seen their handle. The transcript also recognises the handle.
    if not chat.proposer_handle:
        return
    account = (
        Account.objects.filter(handle__iexact=chat.proposer_handle, deleted_at__isnull=True)
        .order_by("-profile_at")
        .first()
    )
    if account is not None:
        chat.hosts.add(account)


def _tell_proposer(chat: Tweetchat, template: str, outcome: str) -> None:
    if not chat.proposer_email:
        return
    context = {
        "chat": chat,
        "chat_url": settings.SITE_URL + chat.get_absolute_url(),
        "calendar_url": settings.SITE_URL + reverse("chats:calendar"),
    }
    _send(
        f"Your {chat.community.display_hashtag} chat {outcome}: {chat.topic}", template, context, [chat.proposer_email]
    )


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    try:
        send_mail(subject, render_to_string(template, context), None, recipients)
    except Exception:
        # The decision is committed; a mail server that is down must not turn it into an error
        # page. The admin still sees the new status, and the log says who was not told.
        log.exception("could not email %s about chat", ", ".join(recipients))


def _uk(moment) -> str:
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%H:%M on %d %b %Y")
