"""Thin Celery tasks for the chat lifecycle; the work is in `chats.attribution`."""

from __future__ import annotations

from celery import shared_task

from . import attribution


@shared_task(name="tweets.close_finished_chats")
def close_finished_chats() -> int:
    """Archive chats whose window has passed (beat runs it every few minutes)."""
    return attribution.close_finished_chats()


@shared_task(name="tweets.attribute_all_chats")
def attribute_all_chats() -> int:
    return attribution.attribute_all()
