"""Badge artwork for #MyWe pages, from the badges app.

Until the badges app offers artwork of its own, a plain medal in the level's colour stands in.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .preview import level_colour


def svg(slug: str, level: int, size: int = 64) -> SafeString:
    return format_html(
        '<svg class="badge-art" width="{size}" height="{size}" viewBox="0 0 64 64" aria-hidden="true" focusable="false">'
        '<circle cx="32" cy="32" r="30" fill="{colour}"/>'
        '<circle cx="32" cy="32" r="24" fill="none" stroke="#fff" stroke-width="3"/>'
        '<text x="32" y="41" text-anchor="middle" font-size="26" font-weight="700" fill="#fff">{level}</text></svg>',
        size=size,
        colour=level_colour(level),
        level=level,
    )
