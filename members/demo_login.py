"""The switch that lets a visitor of the demo log in as one of the demo world's members: only
with DEBUG on and no X client configured (the world itself is built by the demo app)."""

from __future__ import annotations

from django.conf import settings

from .xoauth.provider import x_login_configured


def demo_login_enabled() -> bool:
    return bool(settings.DEBUG) and not x_login_configured()
