"""Receivers that revoke credentials when what they say stops being true or shared. Connected
in `CredentialsConfig.ready()`."""

from __future__ import annotations

from django.db import transaction

from . import issuance


def on_members_changed(sender, member_ids=(), **kwargs) -> None:
    issuance.sync(member_ids)


def on_member_data_deleted(sender, member_id: int, **kwargs) -> None:
    issuance.forget(member_id)


def on_share_deleted(sender, instance, **kwargs) -> None:
    # On commit: when the member deletes their data, their shares go in the same transaction,
    # and the reason we give is the deletion (issuance.forget), not "stopped sharing".
    member_id = instance.member_id
    transaction.on_commit(lambda: issuance.sync([member_id]))
