from django.core.management.base import BaseCommand

from credentials import keys


class Command(BaseCommand):
    # Runs where no key is set yet, which the system checks refuse.
    requires_system_checks: list[str] = []
    help = "Print a new Ed25519 badge signing key for BADGE_SIGNING_KEYS (put it first to rotate)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(keys.new_key_text())
