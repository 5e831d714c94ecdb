"""Who issues the badges: the community site, described once for both Open Badges versions, and
the stable public addresses of everything a verifier fetches."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse

from badges import definitions

DESCRIPTION = (
    "#MyWe is the home of the WeCommunities tweetchats for nurses, midwives and allied health "
    "professionals. Members earn badges for hosting and joining chats, engaging with peers and "
    "writing for the WeBlog; each level is awarded from the public archive of the chats."
)


def absolute(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(f'credentials:{name}', args=args)}"


def name() -> str:
    return settings.BADGE_ISSUER_NAME


def email() -> str:
    return settings.BADGE_ISSUER_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def site_url() -> str:
    return f"{settings.SITE_URL}/"


def image_url() -> str:
    return absolute("issuer_png")


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def level_title(slug: str, level: int) -> str:
    return f"{definitions.get(slug).name} level {level}"


def criteria(slug: str, level: int) -> str:
    """What the level asks, in words, from the badge's definition."""
    badge = definitions.get(slug)
    return f"Held by members with at least {badge.count(badge.threshold(level))}. {badge.description} {badge.why}"
