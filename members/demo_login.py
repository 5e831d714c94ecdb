"""The switch that lets a visitor of the demo log in as one of the demo world's members: only
with DEBUG on and no X client configured (the world itself is built by the demo app).

The demo app, which knows its world, registers who the login page offers first (`personas`):
a host, a prolific member, a newcomer, a member who shares, and the demo moderator, the one staff
account the demo login may open (it reaches the admin)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from .xoauth.provider import x_login_configured

# The demo world's moderator: staff with the moderation permissions, never a superuser.
DEMO_MODERATOR = "demo-moderator"


@dataclass(frozen=True)
class Persona:
    user_id: int
    label: str  # "A host", "The moderator"
    who: str  # "@handle" or a name
    why: str  # what is worth looking at as them


_personas: Callable[[], list[Persona]] = list


def register_personas(find: Callable[[], list[Persona]]) -> None:
    global _personas
    _personas = find


def personas() -> list[Persona]:
    return _personas() if demo_login_enabled() else []


def demo_login_enabled() -> bool:
    return bool(settings.DEBUG) and not x_login_configured()
