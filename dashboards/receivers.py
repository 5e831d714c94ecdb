"""Receivers that start a new dashboard generation for the members badges say were touched, and
forget what a member asked us to delete. Connected in `DashboardsConfig.ready()`."""

from __future__ import annotations

import logging

from django.db import transaction

from badges import touched
from tweets.models import Account

from . import generations, tasks, wordclouds
from .models import LeaderboardEntry, Share, WordCloud

log = logging.getLogger(__name__)


def on_follow_graph_changed(sender, account_ids=(), **kwargs) -> None:
    """A member's follow graph was read (or changed at the other end): their Followers and
    Following clouds are drawn now, in the background, so that their first visit shows a cloud
    rather than a placeholder. Drawing an unchanged input is a no-op (wordclouds.redraw)."""
    member_ids = sorted(
        set(Account.objects.filter(id__in=list(account_ids), member__isnull=False).values_list("member_id", flat=True))
    )

    def send() -> None:
        for member_id in member_ids:
            for kind in wordclouds.KINDS:
                try:
                    tasks.draw_word_cloud.delay(member_id, kind)
                except Exception:
                    # The graph has committed; the page asks again when it finds no cloud.
                    log.exception("could not enqueue the %s cloud of member %s", kind, member_id)

    if member_ids:
        transaction.on_commit(send)


def on_members_changed(sender, member_ids=(), **kwargs) -> None:
    generations.bump(member_ids)


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    """The member asked us to delete their data: their shares and clouds go at once (their
    public page with them), and every cache entry about them, or that lists them (the follow
    dashboards of members at the other end of their follow edges, read now: members/privacy.py
    sends this before it deletes the edges). Again after commit, for pages cached meanwhile."""
    Share.objects.filter(member_id=member_id).delete()
    WordCloud.objects.filter(member_id=member_id).delete()
    LeaderboardEntry.objects.filter(member_id=member_id).delete()
    accounts = list(Account.objects.filter(member_id=member_id).values_list("id", flat=True))
    members = touched.by_follows(accounts) | {member_id}
    generations.forget(members)
    transaction.on_commit(lambda: generations.forget(members))


def on_archive_consent_changed(sender, account_ids=(), **kwargs) -> None:
    """Someone opted out of the archive (or back in): any member's cached board may name them,
    so every member starts a new generation. Rare, and one cache round trip."""
    generations.bump(Account.objects.filter(member__isnull=False).values_list("member_id", flat=True))
