"""Receivers that start a new dashboard generation for the members badges say were touched, and
forget what a member asked us to delete. Connected in `DashboardsConfig.ready()`."""

from __future__ import annotations

from tweets.models import Account

from . import generations
from .models import LeaderboardEntry, Share, WordCloud


def on_members_changed(sender, member_ids=(), **kwargs) -> None:
    generations.bump(member_ids)


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    """The member asked us to delete their data: their shares and clouds go at once (their
    public page with them), and cached aggregates are never read again."""
    Share.objects.filter(member_id=member_id).delete()
    WordCloud.objects.filter(member_id=member_id).delete()
    LeaderboardEntry.objects.filter(member_id=member_id).delete()
    generations.bump([member_id])


def on_archive_consent_changed(sender, account_ids=(), **kwargs) -> None:
    """Someone opted out of the archive (or back in): any member's cached board may name them,
    so every member starts a new generation. Rare, and one cache round trip."""
    generations.bump(Account.objects.filter(member__isnull=False).values_list("member_id", flat=True))
