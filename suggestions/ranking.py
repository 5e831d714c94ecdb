"""From evidence to a ranked list with reasons in words: pure Python, no database.

Each signal's count is damped by log2(1 + n) (the fourth reply says less than the first) and
weighted. The weights come from `manage.py evaluate_suggestions` (hide 20% of the members'
follow edges among community accounts, see which ranking finds them again): see WEIGHTS.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .evidence import Pair, Standing

SIGNALS = ("talk", "follows_you", "chats", "hosted", "fof", "similar")

# Chosen by measurement: `evaluate_suggestions --tune` on the planted world of
# tests/suggestions/planted.py (600 accounts, 150 members, seed 1), then checked on seeds 2-4:
#
#   ranking (seed 2)           P@10   R@10  coverage
#   talk alone                 0.133  0.398  100%
#   follows you alone          0.110  0.324  100%
#   chats alone                0.037  0.113   57%
#   hosted alone               0.004  0.021   40%
#   fof alone                  0.038  0.085   85%
#   similar alone              0.035  0.100   94%
#   combined (these weights)   0.160  0.483  100%
#   most followed in your Wes  0.070  0.153  100%
#   random                     0.026  0.055  100%
#
# Talk and "follows you" (reciprocity) carry the ranking; equal weights lose a fifth of the
# recall (0.38 against 0.49). Tuning drove hosted and similar to 0, but at 0.5 they cost
# nothing measurable (0.489 against 0.488 over seeds 2-4) while the world cannot show their
# worth: its follow generator knows nothing of bios or hosts. They stay small, as tie-breakers
# and for members who have talked with nobody yet (similar alone reaches 94% of members).
# On the demo world as tweets/demo_follows builds it today (follows by popularity and We only,
# followers drawn at random) tuning picks chats 4, follows-you 0: that graph has no reciprocity
# and no talk-before-follow, which is why demo/follow_graph.py replaces it. These weights still
# beat both baselines there (P@10 0.17 against 0.08 and 0.01).
WEIGHTS: dict[str, float] = {"talk": 4.0, "follows_you": 4.0, "chats": 2.0, "hosted": 0.5, "fof": 0.5, "similar": 0.5}

SHOWN = 20
STORED = 30  # a few more than shown, so dismissals and new follows leave no gap until the next refresh
DIFFERENT_MIN_ACTIVITY = 5  # community tweets: "an active member"


def feature(pair: Pair, signal: str) -> float:
    if signal == "talk":
        return pair.talk_in + pair.talk_out
    if signal == "follows_you":
        return 1.0 if pair.follows_you else 0.0
    if signal == "chats":
        return sum(pair.chats.values())
    if signal == "hosted":
        return len(pair.hosted)
    if signal == "fof":
        return pair.fof
    return pair.similarity


def score(pair: Pair, weights: Mapping[str, float] = WEIGHTS) -> float:
    return sum(w * math.log2(1 + feature(pair, s)) for s, w in weights.items() if w)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def reasons(pair: Pair, hashtags: Mapping[int, str]) -> list[str]:
    """The pair's evidence in words, strongest kind first. `hashtags`: community id → #Tag."""
    said: list[str] = []
    if pair.follows_you:
        said.append("follows you")
    if pair.talk_in:
        if pair.replies_in == pair.talk_in:
            said.append(f"replied to you {_times(pair.talk_in)}")
        elif pair.replies_in == 0:
            said.append(f"mentioned or retweeted you {_times(pair.talk_in)}")
        else:
            said.append(f"replied to or mentioned you {_times(pair.talk_in)}")
    if pair.talk_out:
        said.append(f"you replied to or mentioned them {_times(pair.talk_out)}")
    if pair.hosted:
        latest = max(pair.hosted)[1]
        n = len(pair.hosted)
        said.append(
            f"hosted a chat you joined: “{latest}”" if n == 1 else f"hosted {n} chats you joined, lately “{latest}”"
        )
    if pair.chats:
        parts = [
            f"{n if n > 1 else 'a'} {hashtags.get(c, 'We')} chat{'s' if n != 1 else ''}"
            for c, n in sorted(pair.chats.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        said.append("you were both in " + " and ".join(parts[:2]))
    if pair.fof:
        said.append(f"followed by {pair.fof} {'person' if pair.fof == 1 else 'people'} you follow")
    topics = named_topics(pair.terms)
    if topics:
        said.append(f"talks about {' and '.join(topics)}, like you")
    return said


def named_topics(terms: list[str], most: int = 2) -> list[str]:
    """Up to two shared topics to name, heaviest first, without a word already inside a
    chosen phrase ("mental health" and then "health")."""
    chosen: list[str] = []
    for term in terms:
        words = set(term.lstrip("#").split())
        if any(words <= set(c.lstrip("#").split()) or set(c.split()) <= words for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == most:
            break
    return chosen


@dataclass
class Choice:
    account_id: int
    rank: int
    score: float
    reasons: list[str]
    communities: list[int]
    different: bool = False


def choose(
    viewer: int,
    candidates: Mapping[int, Pair],
    standings: Mapping[int, Standing],
    excluded: set[int],
    hashtags: Mapping[int, str],
    rank_by: Callable[[Pair], float] | None = None,
    limit: int = STORED,
) -> list[Choice]:
    """The viewer's suggestions: the best `limit` candidates from their Wes, then the one
    "someone different" slot. `rank_by` replaces the score (the evaluation ranks by one
    signal alone with it)."""
    mine = standings.get(viewer)
    if mine is None:  # no community tweets yet: no Wes to suggest from
        return []
    by = rank_by or score

    def allowed(c: int) -> bool:
        s = standings.get(c)
        return c != viewer and c not in excluded and s is not None and s.suggestible

    scored = [(by(p), c) for c, p in candidates.items() if allowed(c) and standings[c].communities & mine.communities]
    scored = sorted(((s, c) for s, c in scored if s > 0), key=lambda sc: (-sc[0], sc[1]))[:limit]
    chosen = [
        Choice(c, i, s, reasons(candidates[c], hashtags), sorted(standings[c].communities))
        for i, (s, c) in enumerate(scored, start=1)
    ]
    if rank_by is None:
        other = different(viewer, candidates, standings, excluded | {c.account_id for c in chosen}, allowed)
        if other is not None:
            c, pair = other
            main = standings[c].main
            words = [
                f"a {hashtags.get(main, 'We')} regular who talks with {pair.shared_partners} of the people you talk with"
            ] + reasons(pair, hashtags)
            chosen.append(Choice(c, 0, float(pair.shared_partners), words, sorted(standings[c].communities), True))
    return chosen


def different(
    viewer: int,
    candidates: Mapping[int, Pair],
    standings: Mapping[int, Standing],
    excluded: set[int],
    allowed: Callable[[int], bool],
) -> tuple[int, Pair] | None:
    """An active member whose main We is not one of the viewer's, who talks with the most of
    the same people: the slot that widens a feed instead of deepening it."""
    mine = standings[viewer].communities
    best = None
    for c, pair in candidates.items():
        if pair.shared_partners < 2 or c in excluded or not allowed(c):
            continue
        s = standings[c]
        if s.main in mine or s.activity < DIFFERENT_MIN_ACTIVITY:
            continue
        key = (pair.shared_partners, s.activity, -c)
        if best is None or key > best[0]:
            best = (key, c, pair)
    return None if best is None else (best[1], best[2])
