"""Print how live archiving is doing: buffer, consumers, stream, newest tweet, dead letters."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from tweets.pipeline import status


class Command(BaseCommand):
    help = "Show the live-archiving pipeline: buffer backlog, pending, consumers, stream, dead letters."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, json: bool = False, **options):
        state = status()
        if json:
            self.stdout.write(_dumps(state.as_dict()))
            return
        out = self.stdout.write
        if not state.buffered:
            out("Buffer: none (no REDIS_URL): tweets are archived in-process")
        elif state.buffer_error:
            out(self.style.ERROR(f"Buffer: unreachable ({state.buffer_error})"))
        else:
            out(f"Buffer: {state.length} messages not yet archived, {state.pending} of them read by a worker")
            if state.durable is None:
                out(self.style.WARNING(f"  Redis durability unknown: {state.durability_unknown}"))
            elif not state.durable:
                for problem in state.durability_problems:
                    out(self.style.ERROR(f"  NOT DURABLE: {problem}"))
            if state.database_wait:
                wait = state.database_wait
                out(self.style.WARNING(
                    f"  Waiting for the database since {wait['since']:%Y-%m-%d %H:%M:%S} ({wait['attempts']} attempts, "
                    f"next {wait['retry_at']:%H:%M:%S}): {wait['error']}. Nothing is lost: messages wait in Redis."
                ))
            elif state.paused_for_ms:
                out(self.style.WARNING(f"  archiving paused {state.paused_for_ms / 1000:.1f} s more: database unavailable"))
            for consumer in state.consumers:
                out(f"  consumer {consumer['name']}: {consumer['pending']} pending, idle {consumer['idle_ms'] / 1000:.1f} s")
            stream = f"connected ({state.stream_connected})" if state.stream_connected else "not connected"
            out(f"Stream: {stream}{'' if state.stream_locked else ', no stream process holds the lock'}")
            covered = f"{state.covered_until:%Y-%m-%d %H:%M:%S}" if state.covered_until else "unknown (a backfill sets it)"
            out(f"Covered until: {covered}")
            if state.last_batch:
                batch = state.last_batch
                out(
                    f"Last batch: {batch['messages']} messages, {batch['new']} new tweets, "
                    f"{batch['dead_lettered']} dead letters, committed {batch['committed_at']:%Y-%m-%d %H:%M:%S}, "
                    f"lag {batch['lag_seconds']:.2f} s"
                )
        if state.newest_tweet:
            tweet = state.newest_tweet
            out(
                f"Newest tweet: {tweet['id']} by @{tweet['author__handle']} at {tweet['created_at']:%Y-%m-%d %H:%M:%S} "
                f"({state.newest_age.total_seconds():.0f} s ago), archived {tweet['archived_at']:%Y-%m-%d %H:%M:%S}"
            )
        else:
            out("Newest tweet: none archived yet")
        out(f"Dead letters: {state.dead_letters_total}")
        for row in state.dead_letters:
            out(f"  {row['count']:>6}  {row['reason']}")


def _dumps(data: dict) -> str:
    return json.dumps(data, default=str, indent=2)
