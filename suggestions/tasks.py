"""Thin Celery tasks: take ids, call one function."""

from __future__ import annotations

from celery import shared_task

from tweets.models import Account

from . import refresh


@shared_task(name="suggestions.refresh_members", ignore_result=True, time_limit=300, soft_time_limit=240)
def refresh_members(member_ids: list[int]) -> int:
    """After a follow-graph read or new activity; members gone since simply have no rows."""
    return refresh.refresh(member_ids)


@shared_task(name="suggestions.refresh_accounts", ignore_result=True, time_limit=300, soft_time_limit=240)
def refresh_accounts(account_ids: list[int]) -> int:
    """After a follow-graph read: the members these X accounts belong to, if still linked."""
    members = Account.objects.filter(id__in=account_ids, member__isnull=False).values_list("member_id", flat=True)
    return refresh.refresh(list(members)) if members else 0


@shared_task(name="suggestions.refresh_all", ignore_result=True, time_limit=3600, soft_time_limit=3500)
def refresh_all() -> int:
    """Nightly, after the badges' recompute has rebuilt the interactions."""
    return refresh.refresh(None, rebuild_topics=True)
