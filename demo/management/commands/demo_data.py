"""Build the deterministic demo world: the archive, members, blog, badges and dashboards."""

from __future__ import annotations

import random
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from demo.build import build
from demo.world import SIZES, DemoWorld, start_of_day
from tweets.models import Tweet


class Command(BaseCommand):
    help = "Build the demo world: communities, accounts, tweets, chats, members, blog posts."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--today", help="The world's today, YYYY-MM-DD (default: today). The same seed and day give the same world."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if tweets are already archived.")

    def handle(self, *args, size: str, seed: int, today: str | None, if_empty: bool, **options):
        if if_empty and Tweet.objects.exists():
            self.stdout.write("The archive already holds tweets: keeping the existing demo world.")
            return
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today must be a date like 2025-06-30, not {today!r}") from None
        world = DemoWorld(size=SIZES[size], rng=random.Random(seed), stdout=self.stdout, now=start_of_day(day))
        self.stdout.write(f"Building the {size} demo world (seed {seed}, today {world.now:%Y-%m-%d}):")
        began = time.monotonic()
        build(world)
        self.stdout.write(self.style.SUCCESS(
            f"Demo world ({size}, seed {seed}) is ready in {time.monotonic() - began:.0f} s."
        ))
