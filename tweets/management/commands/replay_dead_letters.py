"""manage.py replay_dead_letters [--reason PREFIX …]: parse the dead letters again with today's
parser and archive those that now read; they leave the table, the rest stay. Safe to run twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tweets.dead_letters import replay


class Command(BaseCommand):
    help = (
        "Parse dead letters again (after a parser fix, or once what killed a worker is fixed) and archive "
        "those that now read. Archived ones leave the dead letters; running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reason", action="append", default=[], metavar="PREFIX",
            help="Only dead letters whose reason starts with PREFIX (repeatable). Default: all.",
        )

    def handle(self, *args, reason: list[str], **options):
        done = replay(reason)
        self.stdout.write(
            f"{done.archived} dead letters archived and removed, {done.still_failing} still unreadable: {done.counts}"
        )
