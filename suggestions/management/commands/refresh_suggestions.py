"""Recompute and store every member's suggested follows (what the nightly task does), or those
of the members named: for the demo after it is built, and for operators."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from suggestions import refresh


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("member_ids", nargs="*", type=int, help="site user ids (default: everyone)")

    def handle(self, *args, member_ids: list[int], **options) -> None:
        stored = refresh.refresh(member_ids or None, rebuild_topics=not member_ids)
        self.stdout.write(f"{stored} suggestions stored")
