"""Write the badge artwork (static/badges/*.svg) from badges.artwork."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from badges import artwork


class Command(BaseCommand):
    help = "Draw the badge artwork into static/badges/ (--check only reports files out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if a file differs from the code.")

    def handle(self, *args, check: bool, **options):
        if check:
            stale = [
                name for name, content in artwork.all_files().items()
                if not (artwork.STATIC_DIR / name).exists() or (artwork.STATIC_DIR / name).read_text() != content
            ]
            if stale:
                raise CommandError(f"{len(stale)} badge files are out of date: run manage.py draw_badges")
            self.stdout.write("Badge artwork is up to date.")
            return
        written = artwork.write()
        self.stdout.write(self.style.SUCCESS(f"{len(written)} badge files written to {artwork.STATIC_DIR}"))
