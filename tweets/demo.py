"""The demo world's archive: communities, accounts and tweets, written through payloads and
archive as v2-shaped payloads so the demo exercises the real importer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .models import Community


@dataclass(frozen=True)
class Size:
    accounts: int
    tweets: int
    weeks: int


SIZES = {
    "small": Size(accounts=120, tweets=3_000, weeks=8),
    "demo": Size(accounts=3_000, tweets=150_000, weeks=104),
    "large": Size(accounts=50_000, tweets=1_000_000, weeks=104),
}

COMMUNITIES = [
    ("WeNurses", "#WeNurses", "#005eb8", "Nurses of every field, every Thursday at 8pm."),
    ("WeMidwives", "#WeMidwives", "#ae2573", "Midwives, students and maternity teams."),
    ("WeAHPs", "#WeAHPs", "#007f3b", "Allied health professionals together."),
    ("WeStudentNurses", "#WeStudentNurses", "#8a4b00", "Student nurses and those who support them."),
    ("WeMHNurses", "#WeMHNurses", "#330072", "Mental health nursing."),
    ("WeLDNurses", "#WeLDNurses", "#006747", "Learning disability nursing."),
    ("WeCommNurses", "#WeCommNurses", "#00567a", "Community and district nursing."),
    ("WePharmacists", "#WePharmacists", "#7c2855", "Pharmacists and pharmacy teams."),
]


@dataclass
class DemoWorld:
    """What the builders share while they build: the size, one seeded RNG, and what earlier
    builders made (later builders read it, e.g. chats need the communities)."""

    size: Size
    rng: random.Random
    stdout: Any = None
    made: dict[str, Any] = field(default_factory=dict)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def build_archive(world: DemoWorld) -> None:
    communities = []
    for name, display, colour, description in COMMUNITIES:
        community, _ = Community.objects.update_or_create(
            hashtag=display.lstrip("#").lower(),
            defaults={"name": name, "slug": name.lower(), "display_hashtag": display, "colour": colour,
                      "description": description},
        )
        communities.append(community)
    world.made["communities"] = communities
    world.say(f"{len(communities)} communities")
