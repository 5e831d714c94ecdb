"""Recompute badge values and awards: for every registered member (--all), for named members,
or (by default) for registered members who have no values yet."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models.functions import Lower
from tqdm import tqdm

from badges import awarding, definitions
from badges.models import BadgeValue
from tweets.models import Account


class Command(BaseCommand):
    help = "Compute badges: --all for everyone; --member HANDLE for some; default: members never computed."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompute every registered member.")
        parser.add_argument("--member", action="append", default=[], metavar="HANDLE", help="An X handle (repeatable).")
        parser.add_argument("--badge", action="append", default=[], choices=list(definitions.BY_SLUG), help="Only this badge (repeatable).")
        parser.add_argument(
            "--no-rebuild", action="store_true",
            help="With --all: trust the interactions each archived batch keeps (skips re-reading every tweet).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, all: bool, member: list[str], badge: list[str], no_rebuild: bool, no_progress: bool, **opts):
        badges = tuple(definitions.get(b) for b in badge) or definitions.BADGES
        members = None if all else self._members(member)
        if members is not None and not members:
            self.stdout.write("No members to compute (use --all to recompute everyone).")
            return
        started = time.perf_counter()
        bar = tqdm(total=len(badges) + 1, unit="step", disable=no_progress)
        bar.set_description("reading the archive" if members is None else badges[0].name)

        def step(done: definitions.Badge) -> None:
            bar.update(1)
            following = badges.index(done) + 1
            bar.set_description(badges[following].name if following < len(badges) else "storing")

        summary = awarding.refresh(members, badges=badges, on_badge=step, rebuild=not no_rebuild)
        bar.update(1)
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"{summary} in {time.perf_counter() - started:.1f} s"))

    def _members(self, handles: list[str]) -> set[int]:
        if handles:
            wanted = {h.lstrip("@").lower() for h in handles}
            found = dict(
                Account.objects.annotate(lower=Lower("handle"))
                .filter(lower__in=wanted, member__isnull=False)
                .values_list("lower", "member_id")
            )
            missing = wanted - set(found)
            if missing:
                raise CommandError(f"No registered member with handle {', '.join(sorted(missing))}")
            return set(found.values())
        computed = BadgeValue.objects.values("member_id")
        return set(
            Account.objects.filter(member__isnull=False).exclude(member_id__in=computed).values_list("member_id", flat=True)
        )
