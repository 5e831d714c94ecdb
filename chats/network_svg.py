"""A chat's stored conversation network (chats/network.py) drawn as an accessible SVG, with its
bridges in words and a table alternative. Who is named is decided here, from the accounts the
transcript already loaded: removed people are not drawn, anonymised people are drawn unnamed."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tweets.models import Account

from .charts import PALETTE

WIDTH, HEIGHT, PAD = 720, 460, 28
LABELLED = 12
TABLE_ROWS = 40


@dataclass
class Link:
    a: str
    b: str
    replies: int
    mentions: int
    retweets: int
    quotes: int
    weight: int


@dataclass
class Drawing:
    svg: SafeString
    people: int
    links: int
    groups: int
    bridges: list[str] = field(default_factory=list)  # sentences
    table: list[Link] = field(default_factory=list)


def label(account: Account) -> str:
    return account.label


def draw(data: dict, accounts: dict[int, Account]) -> Drawing | None:
    nodes = [n for n in data.get("nodes", []) if n["id"] in accounts]
    if len(nodes) < 2:
        return None
    shown = {n["id"] for n in nodes}
    edges = [e for e in data.get("edges", []) if e["a"] in shown and e["b"] in shown]
    xs, ys = [n["x"] for n in nodes], [n["y"] for n in nodes]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def at(node: dict) -> tuple[float, float]:
        return (
            PAD + (node["x"] - min(xs)) / span_x * (WIDTH - 2 * PAD),
            PAD + (node["y"] - min(ys)) / span_y * (HEIGHT - 2 * PAD),
        )

    where = {n["id"]: at(n) for n in nodes}
    parts = []
    for e in sorted(edges, key=lambda e: e["weight"]):
        (x1, y1), (x2, y2) = where[e["a"]], where[e["b"]]
        width = 0.8 + math.log2(1 + e["weight"])
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#768692" '
            f'stroke-opacity="0.55" stroke-width="{width:.1f}"/>'
        )
    ranked = sorted(nodes, key=lambda n: (-n["tweets"], n["id"]))
    named = {n["id"] for n in ranked[:LABELLED] if not accounts[n["id"]].is_anonymous}
    for node in sorted(nodes, key=lambda n: n["tweets"]):
        account = accounts[node["id"]]
        x, y = where[node["id"]]
        radius = 3 + 2 * math.sqrt(node["tweets"])
        colour = PALETTE[node["group"] % len(PALETTE)]
        words = f"{label(account)}, {node['tweets']} tweet{'' if node['tweets'] == 1 else 's'}"
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{escape(words)}</title></circle>"
        )
        if account.is_anonymous:
            parts.append(circle)
            continue
        text = ""
        if node["id"] in named:
            anchor = "end" if x > WIDTH - 120 else "start"
            dx = -(radius + 3) if anchor == "end" else radius + 3
            text = (
                f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" class="network-label">'
                f"@{escape(account.handle)}</text>"
            )
        href = "?" + urlencode({"by": account.handle}) + "#transcript-heading"
        parts.append(f'<a href="{escape(href)}" aria-label="{escape(words)}: show their tweets">{circle}{text}</a>')
    svg = (
        f'<svg class="network" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-labelledby="network-title network-desc">'
        f'<title id="network-title">Who talked with whom in this chat</title>'
        f'<desc id="network-desc">{len(nodes)} people as circles sized by their tweets, joined by lines as thick '
        f"as their replies, mentions, retweets and quotes. Each circle links to that person's tweets.</desc>"
        f"{''.join(parts)}</svg>"
    )
    table = [
        Link(
            label(accounts[e["a"]]),
            label(accounts[e["b"]]),
            e["replies"],
            e["mentions"],
            e["retweets"],
            e["quotes"],
            e["weight"],
        )
        for e in sorted(edges, key=lambda e: (-e["weight"], e["a"], e["b"]))[:TABLE_ROWS]
    ]
    groups = len({n["group"] for n in nodes})
    return Drawing(mark_safe(svg), len(nodes), len(edges), groups, _bridges(data, accounts), table)


def _bridges(data: dict, accounts: dict[int, Account]) -> list[str]:
    sentences = []
    for bridge in data.get("bridges", []):
        if bridge["id"] not in accounts:
            continue
        who = accounts[bridge["id"]]
        groups = [
            "their own group" if i == bridge["id"] else f"the group around {label(accounts[i])}"
            for i in bridge["links"]
            if i in accounts
        ]
        if len(groups) < 2:
            continue
        subject = "A participant who asked not to be named" if who.is_anonymous else label(who)
        sentences.append(f"{subject} links {len(groups)} groups of the conversation: {_join(groups)}.")
    return sentences


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
