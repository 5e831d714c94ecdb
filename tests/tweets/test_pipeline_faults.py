# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""Live archiving under faults, with every real part: the real tweepy against the fake X, real
Redis, real Celery workers and Beat in their own processes, real PostgreSQL. Each test ends
with every tweet archived exactly once."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from io import StringIO
from pathlib import Path

import orjson
import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tweets.dead_letters import CRASHED
from tweets.models import DeadLetter, Tweet, TweetTombstone
from tweets.pipeline import status

from .pipeline_support import (  # noqa: F401  (fixtures)
    TcpProxy,
    archived_ids,
    buffer,
    buffer_drained,
    capture_lines,
    celery,
    chat_messages,
    consumers,
    plain_messages,
    poisoned,
    runner,
    start_archiving,
    tweet_ids,
    wait_archived,
    wait_until,
    wenurses,
    x,
)
from .redis_support import DURABLE_REDIS, own_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("postgres")


def push(buffer, messages: list[dict]) -> None:
    buffer.append([orjson.dumps(m) for m in messages], source="stream")


def assert_archived_once(expected: set[int]) -> None:
    connection.close()
    assert archived_ids() == expected
    assert Tweet.objects.count() == len(expected)


def test_it_backfills_what_the_stream_missed_while_disconnected(celery, runner, buffer, x, wenurses):
    chat = chat_messages()
    first, missed, last = chat[:60], chat[60:130], chat[130:]
    start_archiving(celery)
    stream = runner()
    stream.start()
    assert x.wait_connected()
    for message in first:
        x.publish(message)
    wait_archived(tweet_ids(first))

    x.outage(True)  # X goes away mid-chat: the connection drops halfway through a line …
    x.publish(missed[0], stream=False)
    x.drop(partial=orjson.dumps(missed[0])[:100])
    for message in missed[1:]:
        assert not x.publish(message)  # … and nobody hears these on the stream
    x.outage(False)
    assert x.wait_connected(after=1)  # tweepy reconnects by itself
    for message in last:
        x.publish(message)

    wait_archived(tweet_ids(chat))
    assert_archived_once(tweet_ids(chat))
    assert stream.backfills >= 2
    assert not DeadLetter.objects.exists()  # the half line never reached the buffer
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")


def test_it_waits_in_redis_while_postgresql_refuses_connections(celery, buffer):
    chat = chat_messages()
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}"
    )
    try:
        start_archiving(celery, database_url=database_url)
        push(buffer, chat[:100])
        wait_archived(tweet_ids(chat[:100]))

        proxy.down()
        push(buffer, chat[100:])
        wait_until(buffer.paused, timeout=10, what="the task to back off")
        time.sleep(1)
        connection.close()
        assert Tweet.objects.count() == len(tweet_ids(chat[:100]))
        assert buffer.figures()["length"] == len(chat) - 100  # every message still in Redis

        proxy.up()
        wait_archived(tweet_ids(chat), timeout=40)
    finally:
        proxy.close()
    assert_archived_once(tweet_ids(chat))
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")


def test_it_loses_nothing_while_postgresql_is_away_longer_than_any_retry_limit(celery, buffer):
    chat = chat_messages()
    proxy, database_url = _proxied_database()
    try:
        # Retries a second apart: fifteen seconds away is more failed runs than the ten
        # deliveries after which a message used to become a dead letter.
        start_archiving(celery, database_url=database_url, ARCHIVE_RETRY_MAX="1")
        push(buffer, chat[:50])
        wait_archived(tweet_ids(chat[:50]))

        proxy.down()
        push(buffer, chat[50:])
        wait_until(lambda: status().database_wait.get("attempts", 0) > 12, timeout=40, what="a dozen failed runs")
        state = status()
        assert state.length == len(chat) - 50  # every message still in Redis
        assert "Nothing is lost" in _status_text()
        assert "Waiting for the database since" in _status_text()

        proxy.up()
        wait_archived(tweet_ids(chat), timeout=40)
    finally:
        proxy.close()
    assert_archived_once(tweet_ids(chat))
    assert DeadLetter.objects.count() == 0
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")
    wait_until(lambda: not status().database_wait, what="the status to clear")


def test_it_finds_the_one_message_that_kills_its_worker_among_999(celery, buffer):
    good = plain_messages(999)
    poison = plain_messages(1, first_id=1_900_000_000_000_000_000)[0]
    killer = OomKiller(buffer)
    with poisoned(int(poison["data"]["id"]), how="PERFORM pg_sleep(60)"):
        worker = start_archiving(celery, concurrency=1)  # prefork: its parent replaces a killed process
        killer.worker_pid = worker.pid
        killer.start()
        push(buffer, [*good[:400], poison, *good[400:]])
        try:
            wait_until(lambda: DeadLetter.objects.exists(), timeout=120, what="the poison to be set aside")
            wait_archived(tweet_ids(good), timeout=30)
        finally:
            killer.stop()

    assert_archived_once(tweet_ids(good))
    letter = DeadLetter.objects.get()
    assert orjson.loads(letter.raw) == poison and letter.reason.startswith(CRASHED)
    assert 10 <= killer.kills <= 11  # about log2(1000) runs killed, no more
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")


class OomKiller(threading.Thread):
    """Plays the kernel's OOM killer: the worker process whose transaction hangs on the poison
    is SIGKILLed, and its orphaned PostgreSQL session ended as the server would on its own."""

    def __init__(self, buffer) -> None:
        super().__init__(daemon=True)
        self.buffer = buffer
        self.worker_pid = 0
        self.kills = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        with _own_connection() as db:
            while not self.stopping.wait(0.05):
                sleeping = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'"
                ).fetchall()
                if not sleeping:
                    continue
                for name, pending in consumers(self.buffer).items():
                    pid = int(name.rsplit(":", 1)[1])
                    if pending and _parent_of(pid) == self.worker_pid:  # never a pid reused by another
                        os.kill(pid, signal.SIGKILL)
                for (backend,) in sleeping:
                    db.execute("SELECT pg_terminate_backend(%s)", [backend])
                self.kills += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)


def _parent_of(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))


def _own_connection() -> psycopg.Connection:
    settings_dict = connection.settings_dict
    return psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1", port=settings_dict["PORT"] or 5432, autocommit=True,
        user=settings_dict["USER"], password=settings_dict["PASSWORD"], dbname=settings_dict["NAME"],
    )


def test_it_loses_nothing_when_its_redis_restarts_under_live_archiving(celery, buffer, own_redis):
    chat = chat_messages()
    server = own_redis(*DURABLE_REDIS)
    own = server.buffer(buffer.key)
    # Buffer and broker both in the test's own durable Redis.
    worker = celery.worker("worker", REDIS_URL=server.url)
    celery.beat(REDIS_URL=server.url).wait_ready("beat: Starting")
    worker.wait_ready(" ready.")
    push(own, chat[:100])
    wait_archived(tweet_ids(chat[:100]))
    wait_until(lambda: buffer_drained(own), what="the first batch to be acknowledged")

    with _own_connection() as blocker:
        blocker.autocommit = False
        blocker.execute(f"LOCK TABLE {Tweet._meta.db_table} IN EXCLUSIVE MODE")  # hold archiving up
        push(own, chat[100:])
        wait_until(lambda: own.figures()["pending"] > 0, what="a batch to be read")
        server.restart()  # SIGKILL: what is not archived is only in the append-only file
        assert server.buffer(buffer.key).figures()["length"] == len(chat) - 100
        blocker.rollback()

    wait_archived(tweet_ids(chat), timeout=60)
    assert_archived_once(tweet_ids(chat))
    assert DeadLetter.objects.count() == 0
    wait_until(lambda: buffer_drained(server.buffer(buffer.key)), what="the buffer to empty")


def _proxied_database() -> tuple[TcpProxy, str]:
    settings_dict = connection.settings_dict
    proxy = TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}"
    )
    return proxy, database_url


def _status_text() -> str:
    out = StringIO()
    call_command("pipeline_status", stdout=out)
    return out.getvalue()


def test_it_hands_a_killed_workers_batch_to_another(celery, buffer):
    chat = chat_messages()
    settings_dict = connection.settings_dict
    workers = [celery.worker("first"), celery.worker("second")]
    celery.beat().wait_ready("beat: Starting")
    for worker in workers:
        worker.wait_ready(" ready.")
    by_consumer = {f"{socket.gethostname()}:{w.pid}": w for w in workers}
    # Hold the tweet table so that a worker's batch stops inside its transaction.
    blocker = psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1", port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"], password=settings_dict["PASSWORD"], dbname=settings_dict["NAME"],
    )
    try:
        blocker.execute(f"LOCK TABLE {Tweet._meta.db_table} IN EXCLUSIVE MODE")
        push(buffer, chat)
        wait_until(_waiting_on_lock, what="a batch to stop inside its transaction")
        holding = [name for name, pending in consumers(buffer).items() if pending]
        by_consumer[holding[0]].kill()  # SIGKILL mid-batch: its messages stay pending under its name
    finally:
        blocker.rollback()
        blocker.close()

    wait_archived(tweet_ids(chat), timeout=30)
    assert_archived_once(tweet_ids(chat))
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")
    assert consumers(buffer)[holding[0]] == 0  # claimed by another after the timeout


def _waiting_on_lock() -> bool:
    # Django's connection autocommits: each query sees pg_stat_activity afresh (inside a
    # transaction it is a snapshot).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def test_it_dead_letters_bad_lines_while_the_rest_flows(celery, buffer):
    chat = chat_messages()
    truncated = capture_lines("streaming_output_with_error.jsonl")[-1]
    start_archiving(celery)
    push(buffer, chat[:100])
    buffer.append([b"{not json", truncated, b'"a string"', b'{"data": {"id": "7", "text": "no author"}}'], source="stream")
    push(buffer, chat[100:])

    wait_archived(tweet_ids(chat))
    wait_until(lambda: DeadLetter.objects.count() == 4, what="four dead letters")
    assert_archived_once(tweet_ids(chat))
    reasons = sorted(DeadLetter.objects.values_list("reason", flat=True))
    assert reasons[0] == "expected a JSON object, got str"
    assert reasons[1].startswith("invalid JSON") and reasons[2].startswith("invalid JSON")
    assert reasons[3] == "malformed v2 tweet: missing field 'author_id'"
    assert DeadLetter.objects.filter(raw=truncated.decode(), source__startswith="stream ").exists()
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")


def test_it_removes_a_tweet_on_a_deletion_notice(celery, runner, buffer, x, wenurses):
    chat = chat_messages()[:40]
    doomed, deleted_early = chat[10]["data"], chat[39]["data"]
    start_archiving(celery)
    stream = runner()
    stream.start()
    assert x.wait_connected()
    for message in chat[:39]:
        x.publish(message)
    wait_archived(tweet_ids(chat[:39]))

    x.delete(doomed["id"])  # the notice comes down the stream
    x.delete(deleted_early["id"])  # deleted before we ever saw it …
    x.publish(chat[39])  # … and then delivered late: it must not come back

    def removed() -> bool:
        connection.close()
        return Tweet.objects.filter(id=doomed["id"], deleted_at__isnull=False).exists()

    wait_until(removed, what="the tweet to be removed")
    wait_until(lambda: buffer_drained(buffer), what="the buffer to empty")
    tweet = Tweet.objects.get(id=doomed["id"])
    assert tweet.text == "" and tweet.raw == "" and not tweet.hashtags.exists()
    assert set(TweetTombstone.objects.values_list("tweet_id", flat=True)) == {int(doomed["id"]), int(deleted_early["id"])}
    gone = {int(doomed["id"]), int(deleted_early["id"])}
    assert set(Tweet.objects.visible().values_list("id", flat=True)) == tweet_ids(chat) - gone
    # The late one is kept out, or stored without its text if it shared the notice's batch.
    assert not Tweet.objects.visible().filter(id=deleted_early["id"]).exists()
    assert archived_ids() | {int(deleted_early["id"])} == tweet_ids(chat)
