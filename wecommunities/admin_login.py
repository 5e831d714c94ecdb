"""The admin's login form, with failed attempts limited per visitor address and username (and per
address overall) so that staff passwords cannot be guessed at speed. Only failures count: staff
who type their password right are never held back by others' attempts from elsewhere."""

from __future__ import annotations

import hashlib

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .client_ip import client_ip

WINDOW_SECONDS = 15 * 60
FAILURES_PER_USERNAME = 5  # from one address, in the window
FAILURES_PER_ADDRESS = 20  # any usernames, in the window
KEY_PREFIX = "admin-login:"


def _keys(address: str, username: str) -> list[str]:
    # Hashed: a username typed into the form may be anything, and cache keys have limits.
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:16]
    return [f"{KEY_PREFIX}{address}:{name}", f"{KEY_PREFIX}{address}"]


def _failed(key: str) -> None:
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed logins from your address. Wait 15 minutes, then try again.",
    }

    def clean(self):
        by_name, by_address = _keys(client_ip(self.request), self.cleaned_data.get("username") or "")
        counts = cache.get_many([by_name, by_address])
        if counts.get(by_name, 0) >= FAILURES_PER_USERNAME or counts.get(by_address, 0) >= FAILURES_PER_ADDRESS:
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            _failed(by_name)
            _failed(by_address)
            raise
