"""The demo world's badges: every registered member's values and awards, computed in one full
recompute after the other builders have made the archive, the members and the blog."""

from __future__ import annotations

import time

from badges import awarding

from .world import DemoWorld


def build_badges(world: DemoWorld) -> None:
    started = time.perf_counter()
    summary = awarding.refresh()
    world.made["badge_summary"] = summary
    world.say(f"badges: {summary} ({time.perf_counter() - started:.1f} s)")
