"""Thin Celery tasks: take ids, call one function."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from . import wordclouds


@shared_task(name=wordclouds.DRAW_TASK, time_limit=120, soft_time_limit=100)
def draw_word_cloud(member_id: int, kind: str) -> bool:
    """Draw one member's cloud if its input changed; harmless to run twice."""
    if not get_user_model().objects.filter(pk=member_id).exists():
        return False
    return wordclouds.redraw(member_id, kind)
