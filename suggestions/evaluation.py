"""Measuring suggestions offline: hide a random share of the members' follow edges among
community accounts, compute suggestions from the rest, and count how many hidden follows
each ranking finds again. `manage.py evaluate_suggestions` prints the table; the weights in
`ranking.WEIGHTS` were chosen from it.

The hidden edges are deleted inside a transaction that is always rolled back: the evaluation
reads through the same statements as production (the evidence never knows it is a test) and
leaves the database as it found it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction

from badges.models import CommunityMember
from tweets.models import FollowEdge

from . import evidence, ranking, refresh

K = 10
HIDE = 0.2


@dataclass
class Split:
    """One random split, with what every ranking needs to rank from the visible rest."""

    hidden: dict[int, set[int]]  # viewer → hidden followees (the targets)
    pairs: dict[int, dict[int, evidence.Pair]]  # viewer → candidate → evidence
    following: dict[int, set[int]]  # viewer → visible followees
    standings: dict[int, evidence.Standing]
    in_degree: dict[int, int]  # account → visible followers (the popularity baseline)
    rng: random.Random = field(default_factory=random.Random)

    def pool(self, viewer: int) -> list[int]:
        """Every account a ranking may suggest to this viewer: suggestible, in one of their
        Wes, not followed (visibly), not themselves."""
        mine = self.standings[viewer].communities
        taken = self.following.get(viewer, set())
        return [
            c
            for c, s in self.standings.items()
            if s.suggestible and c != viewer and c not in taken and s.communities & mine
        ]


def split(seed: int = 1, hide: float = HIDE) -> Split:
    """Hide `hide` of the members' follow edges towards community accounts and gather the
    evidence left, then put everything back."""
    rng = random.Random(seed)
    viewers = refresh.viewers()
    accounts = [a for _m, a in viewers]
    community = set(CommunityMember.objects.values_list("account_id", flat=True))
    edges = sorted(
        (pk, a, b)
        for pk, a, b in FollowEdge.objects.filter(follower_id__in=accounts).values_list(
            "pk", "follower_id", "followee_id"
        )
        if b in community
    )
    chosen = rng.sample(edges, int(len(edges) * hide))
    hidden: dict[int, set[int]] = defaultdict(set)
    for _pk, a, b in chosen:
        hidden[a].add(b)
    with transaction.atomic():
        ids = [pk for pk, _a, _b in chosen]
        for start in range(0, len(ids), 5_000):
            FollowEdge.objects.filter(pk__in=ids[start : start + 5_000]).delete()
        pairs: dict[int, dict[int, evidence.Pair]] = defaultdict(dict)
        following: dict[int, set[int]] = {}
        for chunk in range(0, len(accounts), refresh.CHUNK):
            found = evidence.gather(accounts[chunk : chunk + refresh.CHUNK], different=False)
            for (v, c), pair in found.pairs.items():
                pairs[v][c] = pair
            following.update(found.following)
        standings = evidence.standings(community | set(accounts))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT followee_id, COUNT(*) FROM {FollowEdge._meta.db_table} GROUP BY followee_id")
            in_degree = dict(cursor.fetchall())
        transaction.set_rollback(True)  # the hidden edges come back
    return Split(dict(hidden), dict(pairs), following, standings, in_degree, random.Random(seed + 1))


Ranker = Callable[[Split, int], list[int]]


def by_evidence(rank_by: Callable[[evidence.Pair], float]) -> Ranker:
    def rank(s: Split, viewer: int) -> list[int]:
        chosen = ranking.choose(
            viewer, s.pairs.get(viewer, {}), s.standings, s.following.get(viewer, set()), {}, rank_by=rank_by, limit=K
        )
        return [c.account_id for c in chosen]

    return rank


def most_followed(s: Split, viewer: int) -> list[int]:
    return sorted(s.pool(viewer), key=lambda c: (-s.in_degree.get(c, 0), c))[:K]


def at_random(s: Split, viewer: int) -> list[int]:
    pool = s.pool(viewer)
    return s.rng.sample(pool, min(K, len(pool)))


def rankers(weights: Mapping[str, float] = ranking.WEIGHTS) -> dict[str, Ranker]:
    alone = {f"{name} alone": by_evidence(lambda p, name=name: ranking.feature(p, name)) for name in ranking.SIGNALS}
    return {
        **alone,
        "combined": by_evidence(lambda p: ranking.score(p, weights)),
        "baseline: most followed in your Wes": most_followed,
        "baseline: random": at_random,
    }


@dataclass
class Row:
    name: str
    precision: float
    recall: float
    coverage: float


def measure(s: Split, rank: Ranker) -> Row:
    """precision@K and recall@K averaged over the members with hidden follows in their pool,
    and coverage: the share of them the ranking suggests anyone to."""
    precision = recall = covered = 0.0
    evaluated = 0
    for viewer, targets in s.hidden.items():
        if viewer not in s.standings:
            continue
        targets = targets & set(s.pool(viewer))
        if not targets:
            continue
        evaluated += 1
        top = rank(s, viewer)[:K]
        hits = len(targets.intersection(top))
        precision += hits / K
        recall += hits / len(targets)
        covered += 1 if top else 0
    n = max(evaluated, 1)
    return Row("", precision / n, recall / n, covered / n)


def table(s: Split, weights: Mapping[str, float] = ranking.WEIGHTS) -> list[Row]:
    rows = []
    for name, rank in rankers(weights).items():
        row = measure(s, rank)
        row.name = name
        rows.append(row)
    return rows


def tune(s: Split, grid=(0.0, 0.5, 1.0, 2.0, 4.0), rounds: int = 2) -> dict[str, float]:
    """Coordinate ascent on recall@K, one signal's weight at a time over `grid`."""
    weights = dict(ranking.WEIGHTS)

    def recall(w: Mapping[str, float]) -> float:
        return measure(s, by_evidence(lambda p: ranking.score(p, w))).recall

    best = recall(weights)
    for _ in range(rounds):
        for name in ranking.SIGNALS:
            for value in grid:
                trial = {**weights, name: value}
                got = recall(trial)
                if got > best + 1e-9:
                    best, weights = got, trial
    return weights


def format_table(rows: list[Row], members: int) -> str:
    width = max(len(r.name) for r in rows)
    lines = [f"{'ranking':<{width}}  precision@{K}  recall@{K}  coverage   ({members} members with hidden follows)"]
    lines += [f"{r.name:<{width}}  {r.precision:>12.3f}  {r.recall:>9.3f}  {r.coverage:>8.0%}" for r in rows]
    return "\n".join(lines)
