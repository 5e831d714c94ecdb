"""The transcript's list of tweets as HTML.

Written in Python rather than as a template loop: a 2,000-tweet chat took over a second through
the template engine (about 25 variable lookups per tweet) and takes a few dozen milliseconds
here. Every value from a tweet passes through `escape`; links are made from the escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .transcript import Entry, Question

# Links in tweet text (X wraps them as t.co); matched in the already escaped text, so "&amp;"
# inside a URL stays escaped in the href as well.
LINK = re.compile(r"https?://(?:(?!&quot;|&#x27;|&lt;|&gt;)[^\s<>\"'])+")
TRAILING = ".,;:!?)"
# A thread shows this many replies; the rest fold under "N more replies", so that a question
# with 300 answers is one screen, not 300, on a phone. A link to a folded tweet still reaches
# it: browsers open the <details> around a fragment's target (static/js/transcript.js helps
# those that do not).
SHOWN_REPLIES = 3


def entries_html(entries: Iterable[Entry]) -> SafeString:
    zone = timezone.get_default_timezone()
    parts: list[str] = []
    folded: list[str] = []
    replies = 0
    for entry in entries:
        if entry.depth == 0:
            parts.extend(_fold(folded))
            replies = 0
            parts.append(_entry(entry, zone))
            continue
        replies += 1
        (parts if replies <= SHOWN_REPLIES else folded).append(_entry(entry, zone))
    parts.extend(_fold(folded))
    return mark_safe("".join(parts))


def _fold(folded: list[str]) -> list[str]:
    if not folded:
        return []
    n = len(folded)
    html = (
        f'<li class="thread-more"><details><summary>{n} more repl{"y" if n == 1 else "ies"} in this thread</summary>'
        f'<ol class="transcript">{"".join(folded)}</ol></details></li>'
    )
    folded.clear()
    return [html]


def answer_links(question: Question) -> SafeString:
    """The question's answers as links into the transcript, for the question index."""
    links = "".join(
        f'<li><a href="#t{e.tweet.id}">{_who(e.tweet.author)}</a>: {escape(_short(e.tweet.text))}</li>'
        for e in question.answer_entries
    )
    return mark_safe(f'<ol class="answer-links">{links}</ol>' if links else "")


def _who(author) -> str:
    # Someone who opted out of the archive is never named, here as in the transcript itself.
    return "A participant" if author.is_anonymous else f"@{escape(author.handle)}"


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _entry(entry: Entry, zone) -> str:
    tweet = entry.tweet
    author = tweet.author
    if author.is_anonymous:
        return _anonymous_entry(entry, zone)
    handle = escape(author.handle)
    classes = f"tweet depth-{entry.indent}"
    if entry.question:
        classes += " tweet-question"
    if entry.is_host:
        classes += " tweet-host"
    if author.avatar_url:
        avatar = f'<img class="avatar" src="{escape(author.avatar_url)}" alt="" width="32" height="32" loading="lazy">'
    else:
        avatar = f'<span class="avatar avatar-blank" aria-hidden="true">{escape(author.handle[:1].upper())}</span>'
    name = f"<strong>{escape(author.name)}</strong> " if author.name else ""
    tags = ""
    if entry.is_host:
        tags += '<span class="tag tag-host">Host</span>'
    if entry.question:
        tags += f'<span class="tag tag-question">Q{entry.question}</span>'
    elif entry.answers:
        tags += f'<span class="tag tag-answer">A{entry.answers}</span>'
    local = timezone.localtime(tweet.created_at, zone)
    when = (
        f'<a class="tweet-time" href="https://x.com/{handle or "i"}/status/{tweet.id}">'
        f'<time datetime="{local.isoformat(timespec="seconds")}">{local:%H:%M}</time><span class="visually-hidden"> (on X)</span></a>'
    )
    context = ""
    if entry.depth:
        context = f'<p class="visually-hidden">A reply, level {entry.depth}.</p>'
    elif entry.orphan_reply:
        context = '<p class="tweet-context">Replying to a tweet outside this chat</p>'
    counts = []
    if entry.replies:
        counts.append(f"<span>{entry.replies} repl{'y' if entry.replies == 1 else 'ies'}</span>")
    if entry.retweets:
        counts.append(f"<span>{entry.retweets} retweet{'' if entry.retweets == 1 else 's'}</span>")
    if tweet.quoted_id:
        counts.append(f'<a href="https://x.com/i/status/{tweet.quoted_id}">quoted tweet</a>')
    footer = f'<p class="tweet-counts">{"".join(counts)}</p>' if counts else ""
    return (
        f'<li class="{classes}" id="t{tweet.id}"><div class="tweet-meta">{avatar}'
        f'<span class="tweet-author">{name}<a href="https://x.com/{handle}">@{handle}</a></span>{tags}{when}</div>'
        f'{context}<p class="tweet-text">{text_html(tweet.text)}</p>{footer}</li>'
    )


def _anonymous_entry(entry: Entry, zone) -> str:
    """A tweet of someone who asked not to be named: the text, no name, handle, picture or link."""
    tweet = entry.tweet
    local = timezone.localtime(tweet.created_at, zone)
    tags = '<span class="tag tag-host">Host</span>' if entry.is_host else ""
    if entry.question:
        tags += f'<span class="tag tag-question">Q{entry.question}</span>'
    elif entry.answers:
        tags += f'<span class="tag tag-answer">A{entry.answers}</span>'
    classes = f"tweet depth-{entry.indent}" + (" tweet-question" if entry.question else "")
    return (
        f'<li class="{classes}" id="t{tweet.id}"><div class="tweet-meta">'
        f'<span class="avatar avatar-blank" aria-hidden="true">?</span>'
        f'<span class="tweet-author">A participant <span class="muted">(asked not to be named)</span></span>'
        f'{tags}<time datetime="{local.isoformat(timespec="seconds")}">{local:%H:%M}</time></div>'
        f'<p class="tweet-text">{text_html(tweet.text)}</p></li>'
    )


def text_html(text: str) -> str:
    escaped = escape(text)
    return LINK.sub(_link, escaped).replace("\n", "<br>")


def _link(match: re.Match) -> str:
    url = match.group(0)
    kept = url.rstrip(TRAILING)
    return f'<a href="{kept}" rel="nofollow noopener">{kept}</a>{url[len(kept) :]}'
