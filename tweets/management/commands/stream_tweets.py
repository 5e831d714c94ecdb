"""Feed the archive live: from X's filtered stream, or by replaying a file at a multiple of real
time (the demo app's `demo_chat` replays a made-up chat the same way). With REDIS_URL lines go to the Redis buffer and the Celery archive task
stores them; without it (the demo) the replay archives in-process through the same functions."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import tweepy
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tweets.buffer import Buffer
from tweets.intake import open_sink
from tweets.replay import replay
from tweets.stream import AlreadyStreaming, BufferNotDurable, StreamRunner


class Command(BaseCommand):
    help = (
        "Archive tweets live. --source x: X's filtered stream (X_BEARER_TOKEN, REDIS_URL). "
        "--source replay FILE: replay an archive file at --speed times real time (0: at once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=["x", "replay"], required=True)
        parser.add_argument("file", nargs="?", help="The file to replay (--source replay).")
        parser.add_argument("--speed", type=float, default=60.0, help="Multiple of real time; 0 = as fast as possible.")
        parser.add_argument("--retime", action="store_true", help="Give replayed tweets the time they are sent at.")

    def handle(self, *args, source: str, file: str | None, speed: float, retime: bool, **options):
        if speed < 0:
            raise CommandError("--speed must be 0 or more")
        if source == "x":
            if file:
                raise CommandError("--source x takes no file")
            return self.stream_x()
        if not file:
            raise CommandError("--source replay needs the FILE to replay")
        if not Path(file).is_file():
            raise CommandError(f"no such file: {file}")
        return self.replay_file(file, speed, retime)

    def stream_x(self) -> None:
        if not settings.REDIS_URL:
            raise CommandError(
                "--source x needs REDIS_URL: the stream buffers into Redis, and the lock that keeps "
                "us to X's one connection lives there"
            )
        if not settings.X_BEARER_TOKEN:
            raise CommandError("X_BEARER_TOKEN is not set: the filtered stream needs an app bearer token")
        if settings.ARCHIVE_MODE != "stream":
            raise CommandError(
                f"ARCHIVE_MODE is {settings.ARCHIVE_MODE}: Beat polls recent search during chats, no stream is needed"
            )
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        runner = StreamRunner(Buffer.from_settings(), settings.X_BEARER_TOKEN)
        self.stdout.write("Connecting to X's filtered stream (Ctrl-C stops) …")
        try:
            runner.run(stop)
        except (AlreadyStreaming, BufferNotDurable) as exc:
            raise CommandError(str(exc)) from None
        except tweepy.TweepyException as exc:  # e.g. the bearer token refused while syncing rules
            raise CommandError(f"X refused a request: {exc}") from None
        self.stdout.write("Disconnected.")

    def replay_file(self, path: str, speed: float, retime: bool) -> None:
        sink = open_sink()
        where = "the Redis buffer" if settings.REDIS_URL else "the archive (in-process, no REDIS_URL)"
        pace = "as fast as possible" if speed == 0 else f"at {speed:g}× real time"
        self.stdout.write(f"Replaying {path} into {where}, {pace} (Ctrl-C stops) …")
        progress = {"next": 100}

        def on_sent(lines: int) -> None:
            if lines >= progress["next"]:
                self.stdout.write(f"  {lines} lines sent")
                progress["next"] = lines + 100

        try:
            done = replay(path, sink, speed=speed, retime=retime, on_sent=on_sent)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
            return
        self.stdout.write(self.style.SUCCESS(f"Replayed {done.lines} lines in {done.seconds:.1f} s."))
