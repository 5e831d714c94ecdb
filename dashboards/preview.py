"""The 1200×630 PNG preview card of a member's badges, for Open Graph and Twitter cards.

Drawn with Pillow from the member's standing only (no network, no archive), cached by a hash
of what it shows: the same badges give the same bytes and the same ETag.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

from badges import artwork

from .pages import Profile

WIDTH, HEIGHT = 1200, 630
VERSION = "1"  # bump when the drawing changes
BLUE, BLUE_DARK, INK, MUTED, LINE, WHITE, BG = "#005eb8", "#003d78", "#212b32", "#4c6272", "#d8dde0", "#ffffff", "#f0f4f5"
_FONTS = {
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}


@dataclass(frozen=True)
class Png:
    data: bytes
    etag: str


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONTS[bold]:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def png(profile: Profile) -> Png:
    facts = [profile.handle, profile.display_name] + [f"{s.slug}:{s.level}:{s.value}" for s in profile.standings]
    digest = hashlib.sha256("\0".join([VERSION, *facts]).encode()).hexdigest()[:32]
    key = f"dashboards:preview:{profile.member_id}:{digest}"  # see generations.forget
    data = cache.get(key)
    if data is None:
        data = draw(profile)
        cache.set(key, data, timeout=24 * 60 * 60)
    return Png(data, f'"{digest}"')


def draw(profile: Profile) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BG)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 120), fill=BLUE)
    pen.text((60, 34), "#MyWe", font=font(48, True), fill=WHITE)
    brand_end = 60 + pen.textlength("#MyWe", font=font(48, True))
    pen.text((brand_end + 20, 52), "WeCommunities badges", font=font(28), fill=WHITE)
    name = _fit(pen, profile.display_name, font(44, True), WIDTH - 120)
    pen.text((60, 150), name, font=font(44, True), fill=INK)
    pen.text((60, 206), f"@{profile.handle}", font=font(30), fill=MUTED)

    columns, top, card_w, card_h, gap = 4, 270, 255, 160, 20
    for i, item in enumerate(profile.standings):
        x = 60 + (i % columns) * (card_w + gap)
        y = top + (i // columns) * (card_h + gap)
        pen.rounded_rectangle((x, y, x + card_w, y + card_h), radius=14, fill=WHITE, outline=LINE, width=2)
        # The medal in the badge artwork's level colour; an unearned one is pale with grey ink.
        fill = artwork.colour(item.level)
        ink = WHITE if item.level else artwork.UNEARNED_INK
        cx, cy, r = x + 46, y + 50, 30
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        pen.ellipse((cx - r + 5, cy - r + 5, cx + r - 5, cy + r - 5), outline=ink, width=3)
        pen.text((cx, cy), str(item.level), font=font(28, True), fill=ink, anchor="mm")
        face = next((font(size, True) for size in (21, 20, 19, 18) if pen.textlength(item.badge.name, font=font(size, True)) <= card_w - 98), font(18, True))
        pen.text((x + 88, y + 24), _fit(pen, item.badge.name, face, card_w - 98), font=face, fill=INK)
        level_text = f"Level {item.level}" if item.level else "No level yet"
        pen.text((x + 88, y + 54), level_text, font=font(19), fill=MUTED)
        for n, line in enumerate(_wrap(pen, item.public_count, font(18), card_w - 36, lines=2)):
            pen.text((x + 18, y + 96 + n * 24), line, font=font(18), fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wrap(pen: ImageDraw.ImageDraw, text: str, face, width: int, lines: int) -> list[str]:
    """The text in at most `lines` lines of the width, the last shortened if need be."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and pen.textlength(f"{line} {words[0]}", font=face) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = _fit(pen, f"{out[-1]} {' '.join(words)}", face, width)
    return [_fit(pen, line, face, width) for line in out]


def _fit(pen: ImageDraw.ImageDraw, text: str, face, width: int) -> str:
    """The text, shortened with an ellipsis until it fits the width."""
    if pen.textlength(text, font=face) <= width:
        return text
    while text and pen.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text.rstrip() + "…"
