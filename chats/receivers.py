"""Edits of a chat (in the admin, or by code that saves it) become `chats_changed`: its window,
status or hosts decide the Chat Host and Chats badges; and a member's delete-my-data reaches the
chats they proposed. Connected in `ChatsConfig.ready()`."""

from __future__ import annotations

import logging

from django.db.models.functions import Lower

from tweets.models import Account

from .models import Tweetchat
from .signals import send_chats_changed

log = logging.getLogger(__name__)


def on_chat_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # loaddata: the fixture's own receivers know nothing yet
        send_chats_changed([instance.pk])


def on_hosts_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if action == "pre_clear":
        # After the clear the links are gone: name them now.
        related = instance.hosted_chats if reverse else instance.hosts
        pk_set = set(related.values_list("pk", flat=True))
    others = pk_set or set()
    chats, accounts = (others, {instance.pk}) if reverse else ({instance.pk}, others)
    # A host removed is no longer named by the chat's rows: say who they were.
    send_chats_changed(chats, accounts if action != "post_add" else ())


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    """Chats the member proposed keep their topic, but not who proposed them (name, handle,
    email): sent while the member's X account is still linked to them."""
    handles = [h.lower() for h in Account.objects.filter(member_id=member_id).values_list("handle", flat=True)]
    if handles:
        Tweetchat.objects.annotate(proposer=Lower("proposer_handle")).filter(proposer__in=handles).update(
            proposer_name="", proposer_handle="", proposer_email=""
        )


def on_chats_changed(sender, chat_ids=(), **kwargs) -> None:
    """Chats closed or edited: their conversation networks are laid out again, off the request."""
    from . import tasks

    if not chat_ids:
        return
    try:
        tasks.build_networks.delay(sorted(chat_ids))
    except Exception:
        # A broker hiccup must not fail whoever closed the chat: `manage.py build_chat_networks`
        # lays out any network that is missing.
        log.exception("could not enqueue the networks of chats %s", chat_ids)
