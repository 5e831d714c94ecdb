"""Thin Celery tasks for the chat lifecycle; the work is in `chats.attribution`."""

from __future__ import annotations

from celery import shared_task

from . import attribution, network


@shared_task(name="tweets.close_finished_chats")
def close_finished_chats() -> int:
    """Archive chats whose window has passed (beat runs it every few minutes)."""
    return attribution.close_finished_chats()


@shared_task(name="tweets.attribute_all_chats")
def attribute_all_chats() -> int:
    return attribution.attribute_all()


@shared_task(name="chats.build_networks")
def build_networks(chat_ids: list[int]) -> int:
    """Lay out the conversation networks of these chats (those archived)."""
    return network.store(chat_ids)
