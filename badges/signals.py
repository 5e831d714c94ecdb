"""The signal badges send after it has brought members' badges up to date.

    members_changed(member_ids: list[int])
        Sent on commit of a badge update, with the site user ids whose badges (and so whose
        dashboards, suggestions and anything else derived from what they did) may have changed.
        Badges alone works out whom an archive, chat, blog or follow-graph event touches; apps
        above it (dashboards, suggestions, CPD) listen to this instead of working it out again.
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction

members_changed = django.dispatch.Signal()


def send_members_changed(member_ids: Iterable[int]) -> None:
    ids = sorted(set(member_ids))
    if ids:
        transaction.on_commit(lambda: members_changed.send(sender="badges", member_ids=ids))
