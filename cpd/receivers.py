"""Suggestions follow the archive through badges' `members_changed`; a member's deletion takes
their CPD with it."""

from __future__ import annotations

from django.db import transaction

from . import tasks
from .models import Entry, Participation, Profile, Reflection


def on_members_changed(sender, member_ids=(), **kwargs) -> None:
    ids = sorted(member_ids)
    if ids:
        transaction.on_commit(lambda: tasks.refresh_suggestions.delay(ids))


def on_member_data_deleted(sender, member_id=None, **kwargs) -> None:
    """Sent inside the deleting transaction: ours go in it too, all or nothing."""
    if member_id is None:
        return
    Reflection.objects.filter(member_id=member_id).delete()
    Entry.objects.filter(member_id=member_id).delete()
    Participation.objects.filter(member_id=member_id).delete()
    Profile.objects.filter(member_id=member_id).delete()
