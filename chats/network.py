"""A chat's conversation network: who replied to, mentioned, retweeted or quoted whom.

Computed once per chat when it is archived (on `chats_changed`, through a task) and stored in
`ChatNetwork`; the transcript page only draws it (chats/network_svg.py). Nodes are the chat's
participants sized by their tweets; an edge joins two participants with its weight the number of
interactions either way, by kind. The layout is networkx's spring layout with a fixed seed, so the
same chat always looks the same. Groups are Louvain communities (seeded); the bridges are the
people with the highest betweenness who talk with more than one group.

Only the `MAX_NODES` most active participants are drawn: beyond that a drawing is a hairball,
and networkx's spring layout would need scipy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
from django.db import transaction
from django.utils import timezone

from tweets.models import Account, Tweet, TweetMention

from .models import ChatNetwork, Tweetchat

SEED = 7
MAX_NODES = 300
BRIDGES = 3
KINDS = ("replies", "mentions", "retweets", "quotes")


def interactions(chat: Tweetchat) -> tuple[Counter[int], dict[tuple[int, int], Counter[str]]]:
    """Tweets per participant and interactions per pair of participants: two queries."""
    visible = dict(deleted_at__isnull=True, author__deleted_at__isnull=True)
    rows = list(
        Tweet.objects.filter(chattweet__chat=chat, **visible)
        .exclude(author__archive_choice=Account.ArchiveChoice.REMOVE)
        .values_list("id", "author_id", "kind", "replied_to_author_id", "quoted_author_id", "retweeted_author_id")
    )
    tweets = Counter(author for _, author, kind, *_ in rows if kind != Tweet.Kind.RETWEET)
    people = {author for _, author, *_ in rows}
    pairs: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    targets: dict[int, set[int]] = defaultdict(set)  # who each tweet already counts, by its kind

    def add(tweet_id: int, source: int, target: int | None, kind: str) -> None:
        if target is None or target == source or target not in people or target in targets[tweet_id]:
            return
        targets[tweet_id].add(target)
        pairs[(min(source, target), max(source, target))][kind] += 1

    for tweet_id, author, kind, replied, quoted, retweeted in rows:
        if kind == Tweet.Kind.RETWEET:
            add(tweet_id, author, retweeted, "retweets")
            continue
        add(tweet_id, author, replied, "replies")
        add(tweet_id, author, quoted, "quotes")
    kinds = {tweet_id: kind for tweet_id, _, kind, *_ in rows}
    mentions = TweetMention.objects.filter(tweet__chattweet__chat=chat, tweet__deleted_at__isnull=True)
    for tweet_id, author, mentioned in mentions.values_list("tweet_id", "author_id", "mentioned_id"):
        # "RT @x" and the @x a reply starts with are the retweet and the reply, already counted.
        if kinds.get(tweet_id, Tweet.Kind.RETWEET) != Tweet.Kind.RETWEET:
            add(tweet_id, author, mentioned, "mentions")
    for author in people:
        tweets.setdefault(author, 0)
    return tweets, dict(pairs)


def compute(chat: Tweetchat) -> dict:
    tweets, pairs = interactions(chat)
    kept = {a for a, _ in sorted(tweets.items(), key=lambda item: (-item[1], item[0]))[:MAX_NODES]}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(kept))
    for (a, b), kinds in sorted(pairs.items()):
        if a in kept and b in kept:
            graph.add_edge(a, b, weight=sum(kinds.values()))
    if not graph:
        return {"nodes": [], "edges": [], "groups": 0, "bridges": []}
    positions = nx.spring_layout(graph, seed=SEED, weight="weight") if len(graph) > 1 else {next(iter(graph)): (0, 0)}
    groups = _groups(graph)
    group_of = {node: g for g, members in enumerate(groups) for node in members}
    return {
        "nodes": [
            {
                "id": n,
                "x": round(float(positions[n][0]), 4),
                "y": round(float(positions[n][1]), 4),
                "tweets": tweets[n],
                "group": group_of[n],
            }
            for n in graph.nodes
        ],
        "edges": [
            {"a": a, "b": b, "weight": graph[a][b]["weight"], **{k: pairs[(a, b)][k] for k in KINDS}}
            for a, b in sorted((min(a, b), max(a, b)) for a, b in graph.edges)
        ],
        "groups": len(groups),
        "bridges": _bridges(graph, group_of, tweets),
    }


def _groups(graph: nx.Graph) -> list[set[int]]:
    """Louvain communities, largest first (a lone participant is a group of one)."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sorted((set(g) for g in found), key=lambda g: (-len(g), min(g)))


def _bridges(graph: nx.Graph, group_of: dict[int, int], tweets: Counter[int]) -> list[dict]:
    """The people with the highest betweenness whose neighbours sit in more than one group,
    with the groups they link (each named later by its most active member)."""
    if graph.number_of_edges() == 0:
        return []
    between = nx.betweenness_centrality(graph, seed=SEED)
    leaders: dict[int, int] = {}
    for node in sorted(graph.nodes, key=lambda n: (-tweets[n], n)):
        leaders.setdefault(group_of[node], node)
    found = []
    for node in sorted(graph.nodes, key=lambda n: (-between[n], n)):
        linked = sorted({group_of[n] for n in graph.neighbors(node)} | {group_of[node]})
        if between[node] <= 0 or len(linked) < 2:
            continue
        found.append({"id": node, "betweenness": round(between[node], 4), "links": [leaders[g] for g in linked]})
        if len(found) == BRIDGES:
            break
    return found


def store(chat_ids: Iterable[int]) -> int:
    """Compute and keep the networks of these chats that are archived; returns how many."""
    chats = Tweetchat.objects.filter(pk__in=list(chat_ids), status=Tweetchat.Status.ARCHIVED)
    done = 0
    for chat in chats:
        data = compute(chat)
        with transaction.atomic():
            ChatNetwork.objects.update_or_create(chat=chat, defaults={"data": data, "computed_at": timezone.now()})
        done += 1
    return done
