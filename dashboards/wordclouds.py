"""Word clouds of the bios behind the Followers and Following dashboards.

Drawing one takes about a second (docs/performance.md), so a page never draws: it shows the last
cloud drawn for the member (stored with the hash of its input) and, when today's input hashes
differently, asks for a new one in the background. A member whose cloud was never drawn sees a
"being drawn" placeholder until it is.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import re
import string
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from celery import current_app
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tweets.models import Account

from . import generations
from .boards.follows import cloud_input
from .models import WordCloud

log = logging.getLogger(__name__)

KINDS = ("followers", "following")
WIDTH, HEIGHT = 800, 400
MAX_WORDS = 100
TOP_WORDS = 25  # in the text alternative
# A word is drawn only when this many distinct bios use it: rarer ones single people out.
MIN_BIOS = 3
MIN_LENGTH = 3
CANDIDATES = 400
# The task that draws a cloud (dashboards/tasks.py), sent by name so that this module, which the
# task calls, does not import it back.
DRAW_TASK = "dashboards.draw_word_cloud"
# A cloud asked for is not asked for again for this long (the task may be queued behind others).
WANTED_SECONDS = 10 * 60

# What professionals write in their bios that says nothing about them: disclaimers about their
# tweets, the platform's own words, and link debris.
PROFESSIONAL_STOPWORDS = frozenset(
    """
    views view opinions opinion own mine personal account accounts tweets tweet tweeting tweeter
    rts rt retweets retweet retweeting endorsement endorsements endorse endorsing likes like
    liking reflect reflects necessarily employer employers employer's represent
    twitter x http https www com co uk org net amp via dm dms follow following followers bio
    based also just love proud passionate interested interests things stuff lover every one two three
    """.split()
)

# Text colours with at least 4.5:1 contrast on white, from the site's palette.
PALETTE = ("#005eb8", "#003d78", "#007f3b", "#ae2573", "#330072", "#8a4b00", "#00567a", "#7c2855")

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
# Letters only: digits, underscores and apostrophes split words ("nurse's" gives "nurse").
_WORD = re.compile(r"[^\W\d_]+")
# The letters a cloud's embedded font always holds (font_face), besides any other its words use.
COMMON_LETTERS = frozenset(string.ascii_letters)
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True)
class Cloud:
    """What a dashboard shows: the state of the member's cloud and, if any, the cloud."""

    state: str  # "fresh", "stale" (an older cloud, a new one is being drawn), "drawing", "empty"
    svg: str = ""
    words: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return bool(self.svg)

    @property
    def art(self) -> SafeString:
        """The cloud as an image: the words follow as text, so the image itself is decorative."""
        data = base64.b64encode(self.svg.encode()).decode("ascii")
        return format_html(
            '<img src="data:image/svg+xml;base64,{}" alt="" width="{}" height="{}">', data, WIDTH, HEIGHT
        )


def stopwords() -> frozenset[str]:
    # wordcloud brings matplotlib (~0.3 s to import): only the processes that draw pay for it.
    from wordcloud import STOPWORDS

    return frozenset(STOPWORDS) | PROFESSIONAL_STOPWORDS


def _clean_bio(bio: str) -> str:
    """The bio without links and handles; hashtags keep their word."""
    return _HANDLE.sub(" ", _URL.sub(" ", bio)).replace("#", " ")


def cloud_words(bios: list[str]) -> dict[str, int]:
    """The words a public cloud may show, each with the number of bios that use it.

    Single words only (word pairs put "Priya Ramanathan" together), each in at least
    MIN_BIOS distinct bios (a word only one or two followers use points at them), and never a
    word that is part of an account's display name in the archive: a name is a person's.
    """
    in_bios: Counter[str] = Counter()
    spellings: Counter[str] = Counter()
    skip = stopwords()
    for bio in bios:
        words = {w for w in _WORD.findall(_clean_bio(bio)) if len(w) >= MIN_LENGTH and w.lower() not in skip}
        spellings.update(words)
        in_bios.update({w.lower() for w in words})
    # The most used first: a cloud draws MAX_WORDS, so a few hundred candidates are plenty
    # even after names go, and they keep the names query small.
    common = {word for word, n in in_bios.most_common(CANDIDATES) if n >= MIN_BIOS}
    common -= names_among(common)
    shown = {}
    for spelling, _ in spellings.most_common():
        if spelling.lower() in common and spelling.lower() not in shown:
            shown[spelling.lower()] = spelling
    return {spelling: in_bios[word] for word, spelling in shown.items()}


def names_among(words: set[str]) -> set[str]:
    """Those of `words` (lower case) that are a word of some account's display name. The
    database narrows the names to those containing one of them (one scan), Python then
    checks whole words."""
    if not words:
        return set()
    names = Account.objects.values_list("name", flat=True)
    if connection.vendor != "sqlite":
        # Words are letters only (_WORD), so they need no escaping inside the pattern.
        names = names.filter(name__iregex="|".join(sorted(words)))
    # SQLite runs a regular expression as a Python function per row: there, splitting every
    # name here is cheaper than narrowing the names first.
    found: set[str] = set()
    for name in names.iterator():
        found.update(w.lower() for w in _WORD.findall(name))
    return found & words


def _font_path() -> str | None:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None  # wordcloud's own bundled font


def draw(bios: list[str], seed_text: str) -> tuple[str, list[str]]:
    """The cloud as an SVG document and its most frequent words (for the text alternative),
    from `cloud_words` only. Deterministic for the same input."""
    frequencies = cloud_words(bios)
    if not frequencies:
        return "", []
    from wordcloud import WordCloud as Drawer  # see stopwords()

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    seed = zlib.crc32(seed_text.encode())
    drawer = Drawer(
        width=WIDTH,
        height=HEIGHT,
        font_path=_font_path(),
        background_color=None,
        mode="RGBA",
        max_words=MAX_WORDS,
        prefer_horizontal=0.95,
        relative_scaling=0.5,
        random_state=seed % (2**31),
        color_func=lambda word, **_: PALETTE[zlib.crc32(word.encode()) % len(PALETTE)],
    )
    drawer.generate_from_frequencies(frequencies)
    words = [word for word, _ in sorted(drawer.words_.items(), key=lambda kv: (-kv[1], kv[0]))][:TOP_WORDS]
    letters = frozenset(COMMON_LETTERS.union(*(word for (word, _), *_ in drawer.layout_)))
    svg = drawer.to_svg(embed_font=False)  # its own embedding subsets the font anew for every cloud
    opening = svg.index(">") + 1
    return scope(svg[:opening] + font_face(drawer.font_path, letters) + svg[opening:], seed), words


@functools.lru_cache(maxsize=16)
def font_face(font_path: str, letters: frozenset[str]) -> str:
    """The font cut down to `letters`, as the style a cloud embeds (as wordcloud's own
    `to_svg(embed_font=True)` writes it). Most clouds use only COMMON_LETTERS, so a process
    that draws many subsets the font once: per cloud, subsetting took more than half of its
    cost (docs/performance.md)."""
    from fontTools import subset
    from PIL import ImageFont

    options = subset.Options(hinting=False, desubroutinize=True, ignore_missing_glyphs=True)
    font = subset.load_font(font_path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(letters)))
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getbuffer()).decode("ascii")
    family, style = ImageFont.truetype(font_path).getname()
    weight = "bold" if "bold" in style.lower() else "normal"
    slant = "italic" if "italic" in style.lower() else "oblique" if "oblique" in style.lower() else "normal"
    return (
        f"<style>@font-face{{font-family:{family!r};font-weight:{weight};font-style:{slant};"
        f'src:url("data:application/font-woff;charset=utf-8;base64,{data}")format("woff");}}</style>'
    )


def scope(svg: str, seed: int) -> str:
    """Make wordcloud's SVG scale with its box. Pages show it as an image (Cloud.art), so its
    own styles and embedded font stay inside it and the page's Content-Security-Policy needs
    no inline styles for it."""
    return svg.replace(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">',
        1,
    )


def for_page(member_id: int, kind: str, input_hash: str, has_input: bool) -> Cloud:
    """The cloud a page shows now (one query), asking for a new drawing if it is out of date."""
    if not has_input:
        return Cloud("empty")
    row = WordCloud.objects.filter(member_id=member_id, kind=kind).only("input_hash", "svg", "words").first()
    if row is not None and row.input_hash == input_hash:
        return Cloud("fresh", row.svg, tuple(row.words))
    request_drawing(member_id, kind, input_hash)
    if row is not None and row.svg:
        return Cloud("stale", row.svg, tuple(row.words))
    return Cloud("drawing")


def request_drawing(member_id: int, kind: str, input_hash: str) -> None:
    """Ask once (per input) for the cloud to be drawn, after the current transaction commits."""
    if cache.add(f"dashboards:cloud-wanted:{kind}:{member_id}:{input_hash}", 1, WANTED_SECONDS):
        transaction.on_commit(lambda: _dispatch(member_id, kind))


def _dispatch(member_id: int, kind: str) -> None:
    if current_app.conf.task_always_eager:
        # No worker (the demo): draw beside the request rather than inside it.
        threading.Thread(target=_draw_in_thread, args=(member_id, kind), daemon=True).start()
    else:
        current_app.send_task(DRAW_TASK, args=[member_id, kind])


def _draw_in_thread(member_id: int, kind: str) -> None:
    try:
        redraw(member_id, kind)
    except Exception:  # a thread has no one to raise to
        log.exception("drawing the %s cloud of member %s failed", kind, member_id)
    finally:
        connection.close()


def redraw(member_id: int, kind: str) -> bool:
    """Draw the member's cloud if its input changed since the last one; True if drawn."""
    drawn = drawing(member_id, kind)
    if drawn is None:
        return False
    store(member_id, kind, *drawn)
    return True


def drawing(member_id: int, kind: str) -> tuple[str, str, list[str]] | None:
    """The member's cloud drawn afresh (input hash, SVG, words), or None if its input has not
    changed: reads only, so that several processes may draw at once (demo/dashboards.py)."""
    account_id = Account.objects.filter(member_id=member_id).values_list("id", flat=True).first()
    bios, input_hash = cloud_input(account_id, kind)
    held = WordCloud.objects.filter(member_id=member_id, kind=kind).values_list("input_hash", flat=True).first()
    if held == input_hash:
        return None
    svg, words = draw(bios, input_hash) if bios else ("", [])
    return input_hash, svg, words


def store(member_id: int, kind: str, input_hash: str, svg: str, words: list[str]) -> None:
    WordCloud.objects.update_or_create(
        member_id=member_id,
        kind=kind,
        defaults={"input_hash": input_hash, "svg": svg, "words": words, "drawn_at": timezone.now()},
    )
    # Pages cache their rendered clouds per generation: a new one makes them show this cloud.
    generations.bump([member_id])
