"""Thin Celery tasks: take ids, call one function."""

from __future__ import annotations

from celery import shared_task

from . import suggestions


@shared_task(name="cpd.refresh_suggestions", ignore_result=True)
def refresh_suggestions(member_ids: list[int]) -> int:
    """Rework these members' suggested entries from the archive; harmless to run twice."""
    return suggestions.refresh(member_ids)


@shared_task(name="cpd.refresh_all_suggestions", ignore_result=True, time_limit=1800, soft_time_limit=1700)
def refresh_all_suggestions() -> int:
    return suggestions.refresh(None)
