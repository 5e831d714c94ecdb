"""Markdown to safe HTML, done once when a post is saved (never per request).

Markdown lets authors write raw HTML, so its output is untrusted: nh3 (the Rust `ammonia`
sanitiser, which parses HTML the way browsers do) keeps an allow-list of tags, attributes and
URL schemes and drops everything else — scripts, event handlers, styles, iframes, SVG, and
`javascript:`/`data:` URLs however they are encoded.
"""

from __future__ import annotations

import html as html_entities
import re

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


def render_markdown(source: str) -> str:
    """The safe HTML of a Markdown post body."""
    html = markdown.markdown(source, extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG)
    return sanitise(html)


def summarise(html: str, words: int = 40) -> str:
    """Plain text for listings, feeds and link previews (Open Graph description). Tables and
    code read as noise when flattened, so they are left out."""
    prose = _NOT_PROSE.sub(" ", html)
    # Plain text, entities decoded ("&amp;" → "&"): templates escape it again when they show it.
    text = " ".join(html_entities.unescape(strip_tags(prose)).split())
    return Truncator(text).words(words, truncate="…")
