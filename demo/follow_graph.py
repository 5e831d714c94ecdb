"""A follow graph for the demo world (and for test and benchmark worlds) realistic enough for
the Suggested Follows evaluation to mean something. Plain data in, edges out: no database, no
Django; the demo app wires it into its world.

What it reproduces, and from where:
- Reciprocity. Kwak, Lee, Park & Moon, "What is Twitter, a social network or a news media?"
  (WWW 2010) found 22.1% of connected pairs reciprocal on the 2009 graph, i.e. about 36% of
  edges returned; Myers, Sharma, Gupta & Lin, "Information network or social network? The
  structure of the Twitter follow graph" (WWW 2014 companion) found 42% of edges returned in
  2012, higher among ordinary users than around celebrities. A professional community sits at
  the social end: RECIPROCATED = 0.42 of edges.
- Closure. Golder & Yardi, "Structural predictors of tie formation in Twitter: transitivity and
  mutuality" (SocialCom 2010) and Romero & Kleinberg, "The directed closure process in hybrid
  social-information networks" (ICWSM 2010) show that following someone a followee follows is
  far likelier than chance (Romero & Kleinberg: directed closure explains a large share of new
  links). They give no single rate fit for a tweetchat community; we make CLOSURE = 0.25 of
  each account's follows close a directed triangle, and `describe` reports what came out.
- Talk before follow. Huberman, Romero & Wu, "Social networks that matter: Twitter under the
  microscope" (First Monday 14(1), 2009): the people one actually addresses are a small subset
  of those one follows, and are mostly followed. Each time a addresses b, a follows b with
  probability TALK (b follows a with TALKED_TO): a few exchanges make a follow very likely, yet
  most follows still come from popularity and one's own We (HOME, as tweets/demo_follows).
- Heavy-tailed out-degree (Myers et al.): following counts drawn from a Pareto tail.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

RECIPROCATED = 0.42
CLOSURE = 0.25
TALK = 0.30
TALKED_TO = 0.15
HOME = 0.70


@dataclass(frozen=True)
class Rates:
    reciprocated: float = RECIPROCATED
    closure: float = CLOSURE
    talk: float = TALK
    talked_to: float = TALKED_TO
    home: float = HOME


def follow_edges(
    rng: random.Random,
    accounts: Sequence[int],
    home: Mapping[int, str | None],
    appeal: Mapping[int, float],
    talks: Iterable[tuple[int, int]],
    members: Collection[int] | None = None,
    rates: Rates = Rates(),
    mean_following: float = 20.0,
) -> list[tuple[int, int]]:
    """(follower, followee) pairs among `accounts`.

    home: account → its main We (None: outside every We); appeal: account → how often others
    follow it (activity); talks: (a, b) once per tweet in which a addressed b (repeats count);
    members: when given, only the edges touching them are returned, as their OAuth-granted
    lists would show (the rest of the graph exists, and drives closure, but nobody reads it)."""
    following: dict[int, set[int]] = defaultdict(set)
    known = set(accounts)
    for (a, b), k in Counter(talks).items():
        if a == b or a not in known or b not in known:
            continue
        if rng.random() < 1 - (1 - rates.talk) ** k:
            following[a].add(b)
        if rng.random() < 1 - (1 - rates.talked_to) ** k:
            following[b].add(a)
    budget = {a: _following_count(rng, mean_following, len(accounts)) for a in accounts}
    _by_popularity(rng, accounts, home, appeal, following, budget, rates)
    _by_closure(rng, accounts, following, budget, rates)
    _reciprocate(rng, following, rates.reciprocated)
    edges = [(a, b) for a, bs in following.items() for b in bs]
    if members is not None:
        member_set = set(members)
        edges = [(a, b) for a, b in edges if a in member_set or b in member_set]
    return sorted(edges)


def _following_count(rng: random.Random, mean: float, population: int) -> int:
    # Pareto(α=1.6) has mean α/(α-1) = 2.67 × its scale.
    return min(population // 2, max(1, int(rng.paretovariate(1.6) * mean / 2.67)))


def _by_popularity(rng, accounts, home, appeal, following, budget, rates) -> None:
    """Fill (1 − closure) of each budget: mostly from one's own We, weighted by appeal."""
    groups: dict[str | None, list[int]] = defaultdict(list)
    for a in accounts:
        groups[home.get(a)].append(a)
    cums = {g: list(accumulate(appeal.get(a, 1.0) for a in members)) for g, members in groups.items()}
    everyone, every_cum = list(accounts), list(accumulate(appeal.get(a, 1.0) for a in accounts))
    for a in accounts:
        want = int(budget[a] * (1 - rates.closure)) - len(following[a])
        mine = home.get(a)
        for _ in range(max(want, 0) * 2):  # a few draws land on someone already followed
            if want <= 0:
                break
            if mine is not None and rng.random() < rates.home:
                b = rng.choices(groups[mine], cum_weights=cums[mine])[0]
            else:
                b = rng.choices(everyone, cum_weights=every_cum)[0]
            if b != a and b not in following[a]:
                following[a].add(b)
                want -= 1


def _by_closure(rng, accounts, following, budget, rates) -> None:
    """The rest of each budget: someone a followee follows (a directed triangle closed)."""
    for a in rng.sample(list(accounts), len(accounts)):
        want = budget[a] - len(following[a])
        via = list(following[a])
        for _ in range(max(want, 0) * 3):
            if want <= 0 or not via:
                break
            f = rng.choice(via)
            if not following[f]:
                continue
            c = rng.choice(tuple(following[f]))
            if c != a and c not in following[a]:
                following[a].add(c)
                want -= 1


def _reciprocate(rng, following, target: float) -> None:
    """Return follows at random until `target` of all edges are reciprocated."""
    edges = [(a, b) for a, bs in following.items() for b in bs]
    one_way = [(a, b) for a, b in edges if a not in following.get(b, ())]
    reciprocated = len(edges) - len(one_way)
    # Returning a one-way edge adds one edge and makes two reciprocated: solve for how many.
    needed = (target * len(edges) - reciprocated) / (2 - target)
    if needed <= 0 or not one_way:
        return
    p = min(1.0, needed / len(one_way))
    for a, b in one_way:
        if rng.random() < p:
            following[b].add(a)


def describe(edges: Iterable[tuple[int, int]], talks: Iterable[tuple[int, int]] = ()) -> dict[str, float]:
    """What a graph came out as: the share of edges reciprocated, the share that close a
    directed triangle (a → f → b), and how much likelier a follows b when a addressed b."""
    following: dict[int, set[int]] = defaultdict(set)
    edge_list = list(edges)
    for a, b in edge_list:
        following[a].add(b)
    n = max(len(edge_list), 1)
    reciprocated = sum(1 for a, b in edge_list if a in following.get(b, ()))
    closed = sum(1 for a, b in edge_list if any(b in following.get(f, ()) for f in following[a] if f != b))
    talked = {(a, b) for a, b in talks if a != b}
    followed_after_talk = sum(1 for a, b in talked if b in following.get(a, ()))
    people = {x for e in edge_list for x in e}
    density = n / max(len(people) * (len(people) - 1), 1)
    return {
        "edges": float(len(edge_list)),
        "reciprocated": reciprocated / n,
        "closed": closed / n,
        "follow_if_talked": followed_after_talk / max(len(talked), 1),
        "density": density,
    }
