"""Tags that let pages of apps below this one show suggestions without importing it: the #MyWe
home's panel and the privacy page's opt-out load them by name."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from .. import panel

register = template.Library()


@register.simple_tag(takes_context=True)
def people_to_follow(context) -> SafeString | str:
    user = context.get("user")
    return panel.panel(user.pk) if user is not None and user.is_authenticated else ""


@register.inclusion_tag("suggestions/_opt_out.html", takes_context=True)
def suggestion_opt_out(context) -> dict:
    user = context["user"]
    return {"opted_out": panel.is_opted_out(user.pk), "request": context.get("request")}
