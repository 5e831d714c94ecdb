"""The demo's dashboards: a few of the most engaged demo members share some of their
dashboards (so the demo has public pages to visit), and their clouds, and those of the first
members on the demo login page, are drawn now rather than on the first visit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Sum

from badges.models import BadgeValue
from dashboards import wordclouds
from dashboards.boards import BOARDS
from dashboards.pages import set_all_shared
from tweets.models import Account

from .world import DemoWorld

# What the most engaged demo members share, in order: one shares everything, the others a few.
SHARING = [
    set(BOARDS),
    {"chats", "engagement", "hashtags"},
    {"followers", "following"},
    {"chat-host", "chats"},
    {"engagement"},
    {"weblog", "blog-comment", "chats"},
]
# The demo login lists members by handle: the first few get their clouds drawn ahead.
FIRST_LISTED = 6


def build_dashboards(world: DemoWorld) -> None:
    member_ids = world.made.get("member_user_ids")
    if member_ids is None:
        member_ids = list(Account.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    if not member_ids:
        world.say("no demo members: no dashboards shared")
        return
    sharers = most_engaged(member_ids, len(SHARING))
    for member_id, slugs in zip(sharers, SHARING, strict=False):  # fewer members than plans: fine
        set_all_shared(member_id, slugs)
    listed = list(
        Account.objects.filter(member_id__in=member_ids, member__is_staff=False)
        .order_by("handle")
        .values_list("member_id", flat=True)[:FIRST_LISTED]
    )
    drawn = 0
    for member_id in dict.fromkeys([*sharers, *listed]):
        for kind in ("followers", "following"):
            drawn += wordclouds.redraw(member_id, kind)
    handles = dict(Account.objects.filter(member_id__in=sharers).values_list("member_id", "handle"))
    world.made["sharing_member_ids"] = sharers
    world.say(
        f"{len(sharers)} demo members share dashboards (e.g. /u/{handles.get(sharers[0], '?')}/); {drawn} word clouds drawn"
    )


def most_engaged(member_ids: list[int], n: int) -> list[int]:
    """The members with the highest badge values overall (badges are built before this)."""
    ranked = list(
        BadgeValue.objects.filter(member_id__in=member_ids)
        .values("member_id")
        .annotate(total=Sum("value"))
        .order_by("-total", "member_id")
        .values_list("member_id", flat=True)[:n]
    )
    if len(ranked) < n:
        users = get_user_model().objects.filter(pk__in=member_ids).exclude(pk__in=ranked).order_by("pk")
        ranked += list(users.values_list("pk", flat=True)[: n - len(ranked)])
    return ranked
