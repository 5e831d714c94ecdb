"""Markdown to safe HTML, done once when a post is saved (never per request).

Markdown lets authors write raw HTML, so its output is untrusted: nh3 (the Rust `ammonia`
sanitiser, which parses HTML the way browsers do) keeps an allow-list of tags, attributes and
URL schemes and drops everything else — scripts, event handlers, styles, iframes, SVG, and
`javascript:`/`data:` URLs however they are encoded.

Python-Markdown takes time that grows with the square of some inputs (from every "[" it looks
for the link's end up to the end of the paragraph; unclosed "<" and long runs of block lines
are alike), and deep nesting overflows its recursion. So a body is checked first with linear
counts whose limits no real post reaches (`check`, each with a message for the author), and
then rendered in a child process that is killed after RENDER_SECONDS whatever the input.
"""

from __future__ import annotations

import html as html_entities
import os
import re
import select
import signal
import time
from functools import lru_cache

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

# What a blog post needs and nothing that runs, embeds or restyles the page.
ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "del", "sup", "sub", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
# Every URL attribute (href, src) must use one of these or be relative.
URL_SCHEMES = {"http", "https", "mailto"}
# Links that members write should not pass our reputation on: search engines skip them.
LINK_REL = "nofollow ugc"

# The sanitiser's output is well-formed, so a pattern can find whole elements in it.
_NOT_PROSE = re.compile(r"<(table|pre)>.*?</\1>", re.DOTALL)

_MARKDOWN_EXTENSIONS = ["fenced_code", "sane_lists", "markdown.extensions.tables"]
# Tables align columns with an attribute rather than the default inline style (styles are stripped).
_MARKDOWN_CONFIG = {"markdown.extensions.tables": {"use_align_attribute": True}}


def sanitise(html: str, tags: set[str] = ALLOWED_TAGS, attributes: dict[str, set[str]] = ALLOWED_ATTRIBUTES) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


MAX_LENGTH = 50_000
MAX_LINES = 2_000
# Columns of white space (or ">") before a line's text: about 25 levels of lists or quotes.
MAX_INDENT = 100
MAX_ANGLE_BRACKETS = 1_000
# A paragraph costs about its "[" count times its length; this bounds the whole post's sum
# (about half a second), while any paragraph of up to 2,000 characters passes whatever its links.
MAX_LINK_WORK = 1_000_000
RENDER_SECONDS = 3.0
_RENDERED = b"\x01"

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_INDENT = re.compile(r"^[ \t>]*", re.MULTILINE)


class TooComplex(ValueError):
    """A body we will not render; the message is for its author."""


def check(source: str) -> None:
    """Raise TooComplex, saying what to change, for a body over one of the limits."""
    if len(source) > MAX_LENGTH:
        raise TooComplex(f"Posts can be up to {MAX_LENGTH:,} characters; this one has {len(source):,}.")
    lines = source.count("\n") + 1
    if lines > MAX_LINES:
        raise TooComplex(f"Posts can have up to {MAX_LINES:,} lines; this one has {lines:,}.")
    if max((len(m.expandtabs(4)) for m in _INDENT.findall(source)), default=0) > MAX_INDENT:
        raise TooComplex(
            f"A line is indented or quoted too deeply (more than {MAX_INDENT} spaces or “>”). "
            "Lists and quotes can nest a few levels at most."
        )
    if source.count("<") > MAX_ANGLE_BRACKETS:
        raise TooComplex(f"Posts can have up to {MAX_ANGLE_BRACKETS:,} “<” signs; this one has {source.count('<'):,}.")
    work = sum(p.count("[") * len(p) for p in _PARAGRAPH_BREAK.split(source))
    if work > MAX_LINK_WORK:
        raise TooComplex(
            "A paragraph has too many links or “[” brackets for its length. "
            "Split long paragraphs with blank lines, or use fewer brackets."
        )


@lru_cache(maxsize=16)
def render_markdown(source: str) -> str:
    """The safe HTML of a Markdown post body, or TooComplex. Remembered for a few bodies, so
    a form that checked a body and the save that follows render it once."""
    check(source)
    return sanitise(_render_with_time_bound(source))


def _markdown(source: str) -> str:
    return markdown.markdown(source, extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)


def _render_with_time_bound(source: str, seconds: float = RENDER_SECONDS) -> str:
    """Python-Markdown in a forked child, killed when it runs over `seconds`: a thread could
    not be stopped, and a signal alarm works only in the main thread (not under threaded
    servers). The fork costs a few milliseconds per save or preview on Linux (30 ms in the
    sandbox the tests were written in), nothing beside a person writing a post."""
    too_slow = TooComplex("This post is too complex to format. Simplify its links, lists or HTML and try again.")
    if not hasattr(os, "fork"):
        return _markdown(source)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, write, and leave without running any clean-up of the parent's
        try:
            os.close(read_end)
            # The mark says the rendering is whole: an empty pipe means the child failed (a
            # RecursionError in a structure deeper than check() sees) or was killed.
            view = memoryview(_RENDERED + _markdown(source).encode())
            while view:
                view = view[os.write(write_end, view) :]
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                raise too_slow
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # already reaped by a SIGCHLD handler of the server's
            pass
    data = b"".join(chunks)
    if not data.startswith(_RENDERED):
        raise too_slow
    return data[len(_RENDERED) :].decode()


def summarise(html: str, words: int = 40) -> str:
    """Plain text for listings, feeds and link previews (Open Graph description). Tables and
    code read as noise when flattened, so they are left out."""
    prose = _NOT_PROSE.sub(" ", html)
    # Plain text, entities decoded ("&amp;" → "&"): templates escape it again when they show it.
    text = " ".join(html_entities.unescape(strip_tags(prose)).split())
    return Truncator(text).words(words, truncate="…")
