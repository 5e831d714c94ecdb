"""The hook through which the badge pages learn who chose to share. Sharing belongs to the
dashboards app, which sits above this one: it registers a provider in its AppConfig.ready(),
and until one is registered nobody is shown (private by default).

    from badges import sharing
    sharing.register(lambda slug: Share.objects.filter(dashboard=slug).values_list("member_id", flat=True))

The provider gets a badge slug and returns the user ids of the members who share that badge —
a values_list QuerySet is best: the badge page then uses it as a subquery, in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Provider = Callable[[str], Iterable[int]]

_provider: Provider | None = None


def register(provider: Provider | None) -> None:
    """Install the provider (None removes it)."""
    global _provider
    _provider = provider


def provider() -> Provider | None:
    """The provider installed, if any (tests put it back after replacing it)."""
    return _provider


def shared_member_ids(badge_slug: str) -> Iterable[int]:
    """Who shares this badge: a QuerySet or a collection of user ids; empty without a provider."""
    if _provider is None:
        return []
    return _provider(badge_slug)
