"""What the pages show: a member's suggestions as stored, the choices they make (dismiss, opt
out), and the generation numbers that key the cached "people to follow" panel on the #MyWe
home, so that panel costs no query on a warm page yet changes as soon as its input does."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from tweets.models import Community

from .models import Dismissal, OptOut, Suggestion

PANEL_SIZE = 3
# Bounds how long a cached panel can show an account that became protected or deleted (those
# changes bump nothing here): the page itself always filters live.
PANEL_SECONDS = 10 * 60
COMMUNITY_SECONDS = 5 * 60
GLOBAL = "suggestions:gen:all"


def _gen_key(member_id: int) -> str:
    return f"suggestions:gen:{member_id}"


def bump(member_ids=None) -> None:
    """A new generation for these members' panels (everyone's when None): one round trip."""
    import time

    if member_ids is None:
        cache.set(GLOBAL, time.time_ns(), timeout=None)
    else:
        cache.set_many({_gen_key(m): time.time_ns() for m in member_ids}, timeout=None)


def communities() -> list[tuple[int, str, str]]:
    """(id, slug, #Tag) of every We, from the cache: the filter needs no query per page."""
    rows = cache.get("suggestions:communities")
    if rows is None:
        rows = list(Community.objects.order_by("name").values_list("id", "slug", "display_hashtag"))
        cache.set("suggestions:communities", rows, COMMUNITY_SECONDS)
    return rows


@dataclass
class Page:
    suggestions: list[Suggestion]
    different: Suggestion | None
    communities: list[tuple[int, str, str]]
    community: tuple[int, str, str] | None


def page(member_id: int, community_slug: str = "", size: int = 20) -> Page:
    """The suggestions page: one query for the rows (and none for the filter's Wes)."""
    wes = communities()
    chosen = next((c for c in wes if c[1] == community_slug), None)
    rows = list(Suggestion.objects.shown_to(member_id, chosen[0] if chosen else None)[: size + 1])
    different = next((r for r in rows if r.different), None)
    ranked = [r for r in rows if not r.different][:size]
    return Page(ranked, different, wes, chosen)


def panel(member_id: int) -> SafeString:
    """The home's "people to follow": the top three, cached per member generation."""
    keys = [_gen_key(member_id), GLOBAL]
    gens = cache.get_many(keys)
    key = f"suggestions:panel:{member_id}:{gens.get(keys[0], 0)}:{gens.get(keys[1], 0)}"
    html = cache.get(key)
    if html is None:
        rows = [r for r in Suggestion.objects.shown_to(member_id)[: PANEL_SIZE + 1] if not r.different][:PANEL_SIZE]
        html = render_to_string("suggestions/_panel.html", {"rows": rows})
        cache.set(key, html, PANEL_SECONDS)
    return mark_safe(html)  # rendered by our own template, which escapes


def dismiss(member_id: int, account_id: int) -> None:
    """Never suggest this account to this member again, starting now."""
    with transaction.atomic():
        Dismissal.objects.get_or_create(member_id=member_id, account_id=account_id)
        Suggestion.objects.filter(member_id=member_id, account_id=account_id).delete()
    transaction.on_commit(lambda: bump([member_id]))


def is_opted_out(member_id: int) -> bool:
    return OptOut.objects.filter(member_id=member_id).exists()


def set_opted_out(member_id: int, opted_out: bool) -> None:
    if opted_out:
        OptOut.objects.get_or_create(member_id=member_id)
    else:
        OptOut.objects.filter(member_id=member_id).delete()
    # Their account may sit in anyone's cached panel.
    transaction.on_commit(lambda: bump(None))
