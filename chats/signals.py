"""The signal the chats app sends; apps above it (badges) connect to it directly.

    chats_changed(chat_ids: list[int], account_ids: list[int])
        Sent on commit when chats were closed (archived), approved, declined or edited (their
        window, status or hosts). `account_ids` are accounts no longer linked to those chats
        (hosts removed), whom the chats' current rows no longer name. Attribution of archived
        tweets is not announced here: it happens inside the handling of `tweets_archived`,
        which badges hear as well, after this app (chats comes before badges in INSTALLED_APPS).
"""

from __future__ import annotations

from collections.abc import Iterable

import django.dispatch
from django.db import transaction

chats_changed = django.dispatch.Signal()


def send_chats_changed(chat_ids: Iterable[int], account_ids: Iterable[int] = ()) -> None:
    chats, accounts = sorted(set(chat_ids)), sorted(set(account_ids))
    if chats or accounts:
        transaction.on_commit(lambda: chats_changed.send(sender="chats", chat_ids=chats, account_ids=accounts))
