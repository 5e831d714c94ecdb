"""Comment text to HTML: plain text whose line breaks and links survive and nothing else does.

Everything the member typed is escaped first; only then are web addresses turned into links and
line breaks into paragraphs. The result goes through the same sanitiser as posts (with only
`p`, `br` and `a` allowed) so that every link gets `rel="nofollow ugc"` and a mistake here could
still not let markup through.
"""

from __future__ import annotations

from django.utils.html import linebreaks, urlize

from .rendering import sanitise

MAX_LENGTH = 2000
# Long addresses are shortened in the text (not in the link) so they do not stretch a phone screen.
_URL_DISPLAY_LIMIT = 60


def render_comment(text: str) -> str:
    linked = urlize(text.strip(), trim_url_limit=_URL_DISPLAY_LIMIT, nofollow=True, autoescape=True)
    # urlize has escaped the text already: escaping again would show "&amp;amp;".
    html = linebreaks(linked, autoescape=False)
    return sanitise(html, tags={"p", "br", "a"}, attributes={"a": {"href"}})
