"""Template helpers for #MyWe pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from badges import artwork

register = template.Library()


@register.simple_tag
def badge_art(slug: str, level: int, size: int = 64) -> SafeString:
    """The badge's artwork at this level, inline and decorative: the page names the badge and
    its level in text beside it, and eight inline medals cost no extra requests."""
    return artwork.inline(slug, int(level), int(size))
