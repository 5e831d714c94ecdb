"""Lay out the conversation network of archived chats: those without one, or all with --all."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chats import network
from chats.models import Tweetchat


class Command(BaseCommand):
    help = "Compute the conversation networks of archived chats that have none (or of all, with --all)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Recompute every archived chat's network.")

    def handle(self, *args, **options):
        chats = Tweetchat.objects.filter(status=Tweetchat.Status.ARCHIVED)
        if not options["all"]:
            chats = chats.filter(network__isnull=True)
        done = network.store(chats.values_list("pk", flat=True))
        self.stdout.write(f"{done} chat networks laid out.")
