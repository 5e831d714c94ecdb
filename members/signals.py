"""Signals the members app sends. Higher apps (badges, dashboards) connect to them in their
AppConfig.ready(); members never imports them."""

from __future__ import annotations

import django.dispatch

# Sent when a member asks us to delete their data, with user_id=…, inside the transaction that
# deletes ours: receivers delete what they hold for that user (awards, shares, word clouds,
# cached dashboards) in the same transaction, so the deletion is all or nothing.
member_data_deleted = django.dispatch.Signal()
