"""Followers and Following: the community members on either side of the member's follow graph,
their spread across the Wes, and the bios their word clouds are drawn from."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

from tweets.models import Account, FollowEdge

from .common import We, communities, memberships, with_percent

# Bumped when the drawing changes, so every cloud is drawn again (2: single words seen in at
# least three bios, no names: dashboards/wordclouds.py).
CLOUD_VERSION = "2"


# The list on the page stops here (sorted by handle); counts, spread and cloud cover everyone.
LISTED = 500


def followers(account_id: int | None) -> dict:
    return _people(account_id, "followers")[0]


def following(account_id: int | None) -> dict:
    return _people(account_id, "following")[0]


def cloud_input(account_id: int | None, side: str) -> tuple[list[str], str]:
    """The bios a cloud is drawn from, and their hash (the same as the dashboard's)."""
    summary, bios = _people(account_id, side)
    return bios, summary["cloud_hash"]


def _people(account_id: int | None, side: str) -> tuple[dict, list[str]]:
    """Four queries: the communities, the edges, the memberships of the accounts on the other
    end, and the profiles of those that are community members."""
    wes = communities()
    if account_id is None:
        return _summary([], {}, wes, side)
    if side == "followers":
        others = FollowEdge.objects.filter(followee_id=account_id).values_list("follower_id", flat=True)
    else:
        others = FollowEdge.objects.filter(follower_id=account_id).values_list("followee_id", flat=True)
    ids = [other for other in others if other != account_id]
    members = memberships(ids, wes)
    people = list(
        Account.objects.filter(id__in=list(members), deleted_at__isnull=True)
        .order_by("handle")
        .values("id", "handle", "name", "bio", "avatar_url", "archive_choice")
    )
    return _summary(people, members, wes, side)


def _summary(people: list[dict], members: dict[int, list[str]], wes: list[We], side: str) -> tuple[dict, list[str]]:
    display = {we.hashtag: we.display for we in wes}
    spread = Counter(tag for person in people for tag in members[person["id"]])
    # A bio of someone who opted out of the archive is not theirs to lend to a cloud either.
    bios = [person["bio"] for person in people if person["bio"].strip() and not person["archive_choice"]]
    summary = {
        "side": side,
        "people": [
            {
                "handle": p["handle"],
                "name": p["name"],
                "avatar_url": p["avatar_url"],
                "wes": [display[tag] for tag in members[p["id"]]],
            }
            # Only people who did not opt out of the archive are named (the page says so).
            for p in [p for p in people if not p["archive_choice"]][:LISTED]
        ],
        "count": len(people),
        "spread": with_percent(
            sorted(
                (
                    {"label": we.display, "name": we.name, "colour": we.colour, "value": spread[we.hashtag]}
                    for we in wes
                    if spread[we.hashtag]
                ),
                key=lambda row: -row["value"],
            )
        ),
        "diversity": diversity(spread, len(wes)),
        "wes": len(wes),
        "cloud_hash": cloud_hash(side, bios),
        "has_bios": bool(bios),
    }
    return summary, bios


def diversity(spread: Counter, community_count: int) -> int | None:
    """Evenness of people across the Wes, 0–100: the Shannon entropy of the spread divided by
    its largest possible value (everyone spread evenly over every We). None for no one."""
    total = sum(spread.values())
    if total == 0 or community_count < 2:
        return None
    entropy = -sum((n / total) * math.log(n / total) for n in spread.values() if n)
    return round(100 * entropy / math.log(community_count))


def cloud_hash(side: str, bios: list[str]) -> str:
    digest = hashlib.sha256(f"{CLOUD_VERSION}\0{side}\0".encode())
    for bio in sorted(bios):
        digest.update(bio.encode())
        digest.update(b"\0")
    return digest.hexdigest()
