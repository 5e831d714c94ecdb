"""Template helpers for #MyWe pages: badge artwork and progress wording."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from dashboards import artwork

register = template.Library()


@register.simple_tag
def badge_art(slug: str, level: int, size: int = 64) -> SafeString:
    """The badge's artwork at this level, decorative (the name and level are in the text)."""
    return artwork.svg(slug, level, size)
