"""The demo's dashboards: a few of the most engaged demo members share some of their
dashboards (so the demo has public pages to visit), and every member's word clouds are drawn
ahead, in the later part of the build (demo/build.py), so that a visitor meets a "being drawn"
placeholder only in the first minutes of a new demo."""

from __future__ import annotations

import multiprocessing
import os
import time

from django.contrib.auth import get_user_model
from django.db import connection, connections
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
# Clouds take about half a second each (600 in the demo world): drawn on this many cores at once.
MAX_DRAWING_PROCESSES = 4


def share_dashboards(world: DemoWorld) -> None:
    """The most engaged members share some dashboards: cheap, and the demo login offers one of
    them from the first page (demo/personas.py)."""
    member_ids = _member_ids(world)
    if not member_ids:
        world.say("no demo members: no dashboards shared")
        return
    sharers = most_engaged(member_ids, len(SHARING))
    for member_id, slugs in zip(sharers, SHARING, strict=False):  # fewer members than plans: fine
        set_all_shared(member_id, slugs)
    handles = dict(Account.objects.filter(member_id__in=sharers).values_list("member_id", "handle"))
    world.made["sharing_member_ids"] = sharers
    world.say(f"  {'sharing':<12} {len(sharers)} demo members share dashboards (e.g. /u/{handles.get(sharers[0], '?')}/)")


def build_clouds(world: DemoWorld) -> None:
    """Every member's word clouds, those who share first (their public pages show them)."""
    began = time.monotonic()
    member_ids = _member_ids(world)
    sharers = world.made.get("sharing_member_ids")
    if sharers is None:
        sharers = most_engaged(member_ids, len(SHARING)) if member_ids else []
    drawn = draw_clouds(list(dict.fromkeys([*sharers, *member_ids])))
    world.done("clouds", f"{drawn} word clouds drawn", began)


def _member_ids(world: DemoWorld) -> list[int]:
    member_ids = world.made.get("member_user_ids")
    if member_ids is None:
        member_ids = list(Account.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    return member_ids


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


def draw_clouds(member_ids: list[int]) -> int:
    """Both clouds of every member; how many were drawn (an unchanged input is skipped). Drawn
    in worker processes when there are cores to share and no transaction open (a forked process
    would not see its uncommitted rows), else here; stored here either way (SQLite takes one
    writer at a time)."""
    jobs = [(member_id, kind) for member_id in member_ids for kind in wordclouds.KINDS]
    processes = min(os.cpu_count() or 1, MAX_DRAWING_PROCESSES, len(jobs))
    if processes < 2 or connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return sum(wordclouds.redraw(member_id, kind) for member_id, kind in jobs)
    connections.close_all()  # each process opens its own connection
    drawn = 0
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for (member_id, kind), cloud in zip(jobs, pool.imap(_draw, jobs, chunksize=8), strict=True):
            if cloud is not None:
                wordclouds.store(member_id, kind, *cloud)
                drawn += 1
    return drawn


def _draw(job: tuple[int, str]) -> tuple[str, str, list[str]] | None:
    try:
        return wordclouds.drawing(*job)
    finally:
        connections.close_all()
