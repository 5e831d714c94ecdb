"""Badge artwork drawn by code: one SVG per badge and level, a medal in the level's colour with
the badge's pictogram and the level number. Bold shapes and thick strokes on a 100-unit grid so
it reads at 48 px as well as at 400 px; level 0 is the grey medal of a badge not yet earned.

`manage.py draw_badges` writes the files under static/badges/ (tests check they match this
module), and pages link them with the `badge_art` template tag.
"""

from __future__ import annotations

from pathlib import Path

from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from . import definitions

# One colour per level, each dark enough for a white pictogram (contrast ≥ 4.5:1 against #fff,
# gold 4.1): bronze, silver, gold, emerald, sapphire, amethyst; not yet earned is a pale grey
# medal with a grey pictogram.
LEVEL_COLOURS = ("#e3e7ea", "#9c4f22", "#5b6b7a", "#8a6400", "#00703a", "#00539f", "#6b2c91")
LEVEL_NAMES = ("not yet earned", "bronze", "silver", "gold", "emerald", "sapphire", "amethyst")
UNEARNED_INK = "#68747c"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "badges"

# Pictograms in white on the medal, centred on (50, 44); strokes 6 units wide (3 px at 48 px).
PICTOGRAMS = {
    "chat-host": (  # a microphone
        '<rect x="42" y="20" width="16" height="27" rx="8" fill="#fff" stroke="none"/>'
        '<path d="M34 40a16 16 0 0 0 32 0M50 56v8M40 65h20"/>'
    ),
    "chats": (  # two speech bubbles, one over the other
        '<path d="M48 34h24a5 5 0 0 1 5 5v14a5 5 0 0 1-5 5h-2v8l-9-8H48a5 5 0 0 1-5-5V39a5 5 0 0 1 5-5z" '
        'fill="#fff" stroke="none" opacity=".8"/>'
        '<path d="M26 21h28a5 5 0 0 1 5 5v15a5 5 0 0 1-5 5H39l-9 8v-8h-4a5 5 0 0 1-5-5V26a5 5 0 0 1 5-5z" '
        'fill="#fff" stroke="{medal}" stroke-width="3"/>'
    ),
    "hashtags": '<path d="M44 24l-5 40M61 24l-5 40M32 37h36M29 51h36"/>',
    "engagement": (  # arrows both ways
        '<path d="M28 35h40M58 25l10 10-10 10M72 55H32M42 45L32 55l10 10"/>'
    ),
    "followers": (  # a group
        '<circle cx="50" cy="30" r="8" fill="#fff" stroke="none"/>'
        '<path d="M34 64c0-12 7-19 16-19s16 7 16 19z" fill="#fff" stroke="none"/>'
        '<circle cx="30" cy="37" r="6" fill="#fff" stroke="none" opacity=".8"/>'
        '<circle cx="70" cy="37" r="6" fill="#fff" stroke="none" opacity=".8"/>'
        '<path d="M20 62c0-9 4-15 10-15 4 0 7 2 9 5-3 3-5 6-5 10zM80 62c0-9-4-15-10-15-4 0-7 2-9 5 3 3 5 6 5 10z" '
        'fill="#fff" stroke="none" opacity=".8"/>'
    ),
    "following": (  # a person with a plus
        '<circle cx="42" cy="31" r="9" fill="#fff" stroke="none"/>'
        '<path d="M24 64c0-13 8-20 18-20s18 7 18 20z" fill="#fff" stroke="none"/>'
        '<path d="M70 30v18M61 39h18"/>'
    ),
    "blog-comment": (  # a bubble with lines of text
        '<path d="M27 23h46a5 5 0 0 1 5 5v22a5 5 0 0 1-5 5H45l-11 9v-9h-7a5 5 0 0 1-5-5V28a5 5 0 0 1 5-5z"/>'
        '<path d="M34 34h32M34 44h20" stroke-width="5"/>'
    ),
    "weblog": (  # a page with a folded corner
        '<path d="M33 20h24l12 12v34H33z"/><path d="M57 20v12h12"/>'
        '<path d="M40 43h22M40 53h22" stroke-width="5"/>'
    ),
}


def colour(level: int) -> str:
    return LEVEL_COLOURS[max(0, min(level, len(LEVEL_COLOURS) - 1))]


def darker(hex_colour: str, factor: float = 0.62) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def title(slug: str, level: int) -> str:
    badge = definitions.get(slug)
    return f"{badge.name} level {level}" if level else f"{badge.name}, not yet earned"


def svg(slug: str, level: int) -> str:
    """The standalone SVG document of one badge at one level (0 = not yet earned)."""
    badge = definitions.get(slug)
    if not 0 <= level <= badge.top_level:
        raise ValueError(f"{badge.name} has levels 0 to {badge.top_level}, not {level}")
    fill = colour(level)
    dark = darker(fill) if level else "#aab3b9"
    ink = "#fff" if level else UNEARNED_INK
    number = ""
    if level:
        number = (
            f'<circle cx="79" cy="76" r="18" fill="#fff" stroke="{dark}" stroke-width="4"/>'
            f'<text x="79" y="84.5" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
            f'font-size="25" font-weight="700" fill="{dark}">{level}</text>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100" role="img">'
        f"<title>{escape(title(slug, level))}</title>"
        f'<path d="M31 62 20 95l12-5 7 10 9-30zM69 62l11 33-12-5-7 10-9-30z" fill="{dark}"/>'
        f'<circle cx="50" cy="44" r="41" fill="{fill}"/>'
        f'<circle cx="50" cy="44" r="35" fill="none" stroke="{ink}" stroke-width="2.5" opacity=".7"/>'
        f'<g fill="none" stroke="{ink}" stroke-width="6" stroke-linecap="round" stroke-linejoin="round">'
        f'{PICTOGRAMS[slug].replace("#fff", ink).replace("{medal}", fill)}</g>'
        f"{number}</svg>\n"
    )


def filename(slug: str, level: int) -> str:
    return f"{slug}-{level}.svg"


def url(slug: str, level: int) -> str:
    return static(f"badges/{filename(slug, level)}")


def img(slug: str, level: int, size: int = 48) -> SafeString:
    """An <img> of the badge's static file, with its name as the text alternative."""
    return format_html(
        '<img class="badge-art" src="{}" width="{}" height="{}" alt="{}">',
        url(slug, level), size, size, title(slug, level),
    )


def inline(slug: str, level: int, size: int = 48) -> SafeString:
    """The SVG inline in a page, sized, decorative (the page names the badge in text)."""
    document = svg(slug, level).replace(
        'width="100" height="100" role="img">',
        f'width="{int(size)}" height="{int(size)}" class="badge-art" aria-hidden="true" focusable="false">',
    )
    return mark_safe(document)  # built only from our constants and integers


def all_files() -> dict[str, str]:
    """filename → SVG for every badge and level."""
    return {
        filename(badge.slug, level): svg(badge.slug, level)
        for badge in definitions.BADGES
        for level in range(badge.top_level + 1)
    }


def write(directory: Path = STATIC_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in all_files().items():
        path = directory / name
        if not path.exists() or path.read_text() != content:
            path.write_text(content)
            written.append(path)
    return written
