"""A made-up one-hour chat on a community, starting now and arriving live (`make demo-chat`)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chats.models import Tweetchat
from demo.live_chat import DEMO_QUESTIONS, write_demo_chat
from tweets.models import Community


class Command(BaseCommand):
    help = "Schedule a chat starting now and replay an hour of its tweets at --speed times real time."

    def add_arguments(self, parser):
        parser.add_argument("--speed", type=float, default=60.0, help="Multiple of real time; 0 = as fast as possible.")
        parser.add_argument("--community", help="Hashtag of the chat's community (default: the first).")

    def handle(self, *args, speed: float, community: str | None, **options):
        if speed < 0:
            raise CommandError("--speed must be 0 or more")
        communities = Community.objects.all()
        chosen = communities.filter(hashtag=community.lstrip("#").lower()).first() if community else communities.first()
        if chosen is None:
            raise CommandError(
                f"no community {community!r}" if community else "no communities yet: run manage.py demo_data first"
            )
        now = timezone.now()
        # A scheduled chat for the hour ahead, so its transcript page fills as the tweets arrive.
        chat = Tweetchat.objects.create(
            community=chosen, start=now, end=now + timedelta(hours=1), topic="Live demo: handovers and wellbeing",
            slug=f"live-demo-{now:%H%M%S}", questions=DEMO_QUESTIONS, status=Tweetchat.Status.SCHEDULED,
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"demo-chat-{chosen.hashtag}.jsonl"
            lines = write_demo_chat(path, chosen.display_hashtag.lstrip("#"), start=now)
            self.stdout.write(f"A one-hour {chosen.display_hashtag} chat of {lines} tweets, starting now.")
            self.stdout.write(f"Watch it arrive: {settings.SITE_URL}{chat.get_absolute_url()}")
            # The same replay as `stream_tweets --source replay`, each tweet given the time it is sent at.
            call_command("stream_tweets", "--source", "replay", str(path), "--speed", str(speed), "--retime",
                         stdout=self.stdout, stderr=self.stderr)
