"""The transcript page's CPD part, and the CPD pages' small display filters."""

from __future__ import annotations

from django import template

from ..exports import themes_text
from ..records import logged_count
from ..rules import hours_text

register = template.Library()


@register.filter
def cpd_hours(minutes: int) -> str:
    return hours_text(minutes or 0)


@register.filter
def cpd_themes(themes: list[str]) -> str:
    return themes_text(themes or [])


@register.inclusion_tag("cpd/_transcript.html", takes_context=True)
def cpd_on_transcript(context, chat) -> dict:
    """Only for logged-in visitors: the public transcript keeps its pinned four queries."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False, "chat": chat, "request": request}
    count, mine = logged_count(chat.pk, user.pk)
    return {"show": True, "chat": chat, "count": count, "mine": mine, "request": request,
            "csrf_token": context.get("csrf_token")}
