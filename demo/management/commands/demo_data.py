"""Build the deterministic demo world: the archive, members, blog, badges and dashboards.

`--part first` builds what the first pages need and `--part later` finishes the rest of that
build (demo/build.py): `make demo` serves the site between the two."""

from __future__ import annotations

import random
import signal
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.build import build_all, build_first, finish, first_part_missing
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
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing if tweets are already archived (unless a build of them stopped half way).",
        )  # fmt: skip
        parser.add_argument(
            "--part", choices=("all", "first", "later"), default="all",
            help="first: what the first pages need; later: finish the build whose first part is done.",
        )  # fmt: skip

    def handle(self, *args, size: str, seed: int, today: str | None, if_empty: bool, part: str, **options):
        use_wal()
        if part == "later":
            self.finish_later_part()
            return
        if if_empty and Tweet.objects.exists() and not first_part_missing():
            self.stdout.write("The archive already holds tweets: keeping the existing demo world.")
            return
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today must be a date like 2025-06-30, not {today!r}") from None
        world = DemoWorld(size=SIZES[size], rng=random.Random(seed), stdout=self.stdout, now=start_of_day(day))
        self.stdout.write(f"Building the {size} demo world (seed {seed}, today {world.now:%Y-%m-%d}):")
        began = time.monotonic()
        if part == "first":
            build_first(world, size, seed)
            self.stdout.write(self.style.SUCCESS(
                f"The demo world's first part is ready in {time.monotonic() - began:.0f} s; the rest follows while it serves."
            ))  # fmt: skip
            return
        build_all(world, size, seed)
        self.stdout.write(self.style.SUCCESS(
            f"Demo world ({size}, seed {seed}) is ready in {time.monotonic() - began:.0f} s."
        ))

    def finish_later_part(self) -> None:
        # `make demo` stops this process with the site: exit through Python, so that the
        # processes drawing clouds are stopped with it (the pool's `with` block ends them).
        before = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
        began = time.monotonic()
        try:
            done = finish(self.stdout)
        finally:
            signal.signal(signal.SIGTERM, before)  # called in-process (tests): leave it as it was
        if done is not None:
            self.stdout.write(self.style.SUCCESS(
                f"Demo world ({done.size}, seed {done.seed}) finished: its later part took {time.monotonic() - began:.0f} s."
            ))  # fmt: skip


def use_wal() -> None:
    """SQLite in write-ahead-log mode (it stays so in the file): the site reads while the later
    part of the build writes in another process."""
    if connection.vendor == "sqlite" and not connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
