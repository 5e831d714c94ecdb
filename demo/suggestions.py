"""Demo: every demo member's suggested follows, computed as the nightly task does, so the
Suggestions page and the #MyWe home's panel have people in them from the first visit."""

from __future__ import annotations

import time

from suggestions import refresh

from .world import DemoWorld


def build_suggestions(world: DemoWorld) -> None:
    began = time.monotonic()
    stored = refresh.refresh(rebuild_topics=True)
    world.done("suggestions", f"{stored:,} suggested follows stored", began)
