"""Reflective accounts: the draft a member starts from, and the names the confidentiality check
looks for. For a tweetchat the draft lays out the chat's questions with the member's own
tweets under each, quoted, to be rewritten under the four headings of the NMC form."""

from __future__ import annotations

import re

from django.utils import timezone

from chats import transcript
from tweets.models import Account

from .models import Entry

LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")


def quote(text: str) -> str:
    """A tweet as a quotation: without the @mentions X puts before a reply, on one line."""
    return "“" + " ".join(LEADING_MENTIONS.sub("", text).split()) + "”"


def draft(entry: Entry, account_id: int | None) -> dict[str, str]:
    """Initial text for the four headings (the member rewrites all of it)."""
    if entry.chat is None:
        return {"nature": f"{entry.get_method_display()}: {entry.title}.\n{entry.description}".strip()}
    chat = entry.chat
    built = transcript.build(chat)
    day = timezone.localtime(chat.start).strftime("%-d %B %Y")
    how = "took part in" if entry.is_tweetchat else "read the transcript of"
    lines = [f"I {how} the {chat.community.display_hashtag} tweetchat “{chat.topic}” on {day}."]
    mine = [e for e in built.entries if e.tweet.author_id == account_id] if account_id else []
    answered: set[int] = set()
    for question in built.questions:
        lines.append("")
        lines.append(f"Q{question.number} {question.text}")
        said = [e for e in mine if e.answers == question.number]
        answered.update(e.tweet.id for e in said)
        lines.extend(f"  {quote(e.tweet.text)}" for e in said)
        if not said:
            lines.append("  (I did not answer this one.)")
    rest = [e for e in mine if e.tweet.id not in answered and e.question is None]
    if rest:
        lines.append("")
        lines.append("I also said:")
        lines.extend(f"  {quote(e.tweet.text)}" for e in rest)
    return {"nature": "\n".join(lines)}


def names_in_chat(entry: Entry, account_id: int | None) -> list[str]:
    """Display names and handles of the chat's participants and hosts, the member's own aside:
    one query."""
    if entry.chat_id is None:
        return []
    rows = (
        Account.objects.filter(tweets__chattweet__chat_id=entry.chat_id)
        .union(Account.objects.filter(hosted_chats=entry.chat_id))
        .values_list("id", "name", "handle")
    )
    names: list[str] = []
    for pk, name, handle in rows:
        if pk != account_id:
            names.extend(n for n in (name, handle) if n)
    return names
