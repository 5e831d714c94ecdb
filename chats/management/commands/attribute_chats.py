"""Attribute archived tweets to every scheduled and archived chat, then archive finished chats."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chats import attribution


class Command(BaseCommand):
    help = "Attribute tweets to every chat (hashtag + window with 15 minutes' grace) and archive finished chats."

    def handle(self, *args, **options):
        added = attribution.attribute_all()
        archived = attribution.close_finished_chats()
        self.stdout.write(f"{added} tweets newly attributed to chats; {archived} finished chats archived.")
