"""What the live-archiving tests share: a chat made of the real captures, real Celery workers
and Beat in subprocesses on the test database, a TCP proxy that lets PostgreSQL "go away", and
fixtures for the buffer and the fake X stream."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from django.db import connection

from tests.fakex import stream_api
from tests.fakex.server import point_session_at
from tweets.buffer import Buffer
from tweets.models import Community, Tweet
from tweets.replay import split_page
from tweets.stream import StreamRunner

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = ROOT / "tests" / "fixtures" / "x-api-v2-real"


# ---------------------------------------------------------------- the chat


def capture_lines(name: str) -> list[bytes]:
    return [line for line in (CAPTURES / name).read_bytes().splitlines() if line.strip()]


def chat_messages(tag: str = "WeNurses", start: datetime | None = None, spacing: float = 0.5) -> list[dict]:
    """The real captures as one chat on #tag: the search pages split into stream messages, and
    the stream capture's complete lines. Each tweet gets the hashtag (as an entity and in its
    text) and a recent time (the search window is seven days), in id order. Nothing else of
    the payloads changes."""
    messages = []
    for line in capture_lines("2sets.jsonl"):
        messages.extend(split_page(orjson.loads(line)))
    for line in capture_lines("streaming_output_with_error.jsonl"):
        try:
            messages.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue  # the cut-off last line: tests send it as it is where they want it
    messages.sort(key=lambda m: int(m["data"]["id"]))
    start = start or datetime.now(UTC) - timedelta(minutes=10)
    for i, message in enumerate(messages):
        tweet = message["data"]
        text = tweet.get("text", "") + f" #{tag}"
        entities = tweet.setdefault("entities", {})
        entities["hashtags"] = [*entities.get("hashtags", []), {"start": len(text) - len(tag) - 1, "end": len(text), "tag": tag}]
        tweet["text"] = text
        tweet["created_at"] = (start + timedelta(seconds=i * spacing)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        message["matching_rules"] = [{"id": "1", "tag": tag.lower()}]
        message.pop("__twarc", None)
    return messages


def plain_messages(count: int, tag: str = "WeNurses", first_id: int = 1_800_000_000_000_000_000) -> list[dict]:
    """`count` stream messages of one tweet each, by ten authors, a second apart ending now."""
    start = datetime.now(UTC) - timedelta(seconds=count)
    messages = []
    for i in range(count):
        author = str(100 + i % 10)
        messages.append({
            "data": {
                "id": str(first_id + i), "author_id": author, "text": f"tweet {i} #{tag}",
                "created_at": (start + timedelta(seconds=i)).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "entities": {"hashtags": [{"start": 0, "end": len(tag) + 1, "tag": tag}]},
            },
            "includes": {"users": [{"id": author, "username": f"nurse{author}", "name": f"Nurse {author}"}]},
            "matching_rules": [{"id": "1", "tag": tag.lower()}],
        })
    return messages


@contextmanager
def poisoned(tweet_id: int, how: str = "RAISE EXCEPTION 'poison'"):
    """A trigger on the tweet table that fails (or hangs) the transaction archiving one tweet:
    the nearest we can come, in a test, to a payload that kills its worker."""
    table = Tweet._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.id = {int(tweet_id)} THEN {how}; END IF; RETURN NEW; END $$"
        )
        cursor.execute(f"CREATE TRIGGER test_poison BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION test_poison()")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS test_poison ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS test_poison()")


def tweet_ids(messages: list[dict]) -> set[int]:
    """Every tweet a set of messages carries: the tweets themselves and those they include."""
    ids = set()
    for message in messages:
        ids.add(int(message["data"]["id"]))
        ids.update(int(t["id"]) for t in (message.get("includes") or {}).get("tweets", []))
    return ids


def archived_ids() -> set[int]:
    return set(Tweet.objects.values_list("id", flat=True))


def wait_until(predicate: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_archived(ids: set[int], timeout: float = 15.0) -> None:
    def done() -> bool:
        connection.close()  # a fresh snapshot: the worker commits in another process
        return ids <= archived_ids()

    wait_until(done, timeout, f"{len(ids)} tweets to be archived")


def buffer_drained(buffer: Buffer) -> bool:
    figures = buffer.figures()
    return figures["length"] == 0 and figures["pending"] == 0


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def buffer(redis_client, redis_prefix, settings) -> Buffer:
    settings.TWEET_BUFFER_STREAM = f"{redis_prefix}incoming"
    settings.ARCHIVE_CLAIM_AFTER = 1
    return Buffer.from_settings()


@pytest.fixture
def x(fake_x) -> stream_api.XTweets:
    return stream_api.install(fake_x, keepalive=0.1)


@pytest.fixture
def wenurses(db) -> Community:
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


@pytest.fixture
def runner(buffer, fake_x, x):
    """A StreamRunner connected through the real tweepy to the fake X; stopped afterwards."""
    made: list[StreamRunner] = []

    def make(**kwargs) -> StreamRunner:
        # The shared test Redis runs without AOF; tests/tweets/test_pipeline_redis.py checks the
        # refusal against a redis-server of its own.
        kwargs.setdefault("require_durable", False)
        one = StreamRunner(buffer, "test-bearer-token", prepare=lambda s: point_session_at(s, fake_x), **kwargs)
        made.append(one)
        return one

    yield make
    for one in made:
        one.stop()


# ---------------------------------------------------------------- real Celery in subprocesses


class CeleryProcess:
    """`celery -A wecommunities worker|beat` on the test database, its own queues and buffer."""

    def __init__(self, role: str, env: dict[str, str], folder: Path, name: str, extra: list[str]) -> None:
        self.log_path = folder / f"{name}.log"
        self.name = name
        command = [sys.executable, "-m", "celery", "-A", "wecommunities", role, "--loglevel", "INFO", *extra]
        # A session of its own: a SIGKILL of the group takes the worker's children with it.
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_path.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, marker: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.log():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log()[-3000:]}")
            time.sleep(0.05)
        raise AssertionError(f"{self.name} not ready after {timeout} s:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL, no goodbye: whatever it holds stays pending in Redis."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def celery(transactional_db, buffer, redis_prefix, tmp_path):
    """Start real workers and Beat: `celery.worker(name, database_url=…)`, `celery.beat()`.
    They use the test database (committed rows only: the test must be transactional)."""
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TWEET_BUFFER_STREAM": buffer.key,
        "CELERY_QUEUE": f"{redis_prefix}celery",
        "ARCHIVE_QUEUE": f"{redis_prefix}archive",
        "ARCHIVE_EVERY_MS": "200",
        "ARCHIVE_CLAIM_AFTER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEBUG", None)
    started: list[CeleryProcess] = []

    class Celery:
        queues = f"{redis_prefix}celery,{redis_prefix}archive"

        def worker(
            self, name: str, database_url: str | None = None, concurrency: int = 0, **extra_env: str
        ) -> CeleryProcess:
            pool = ["--pool", "solo"] if not concurrency else ["--pool", "prefork", "--concurrency", str(concurrency)]
            worker_env = {**env, "DATABASE_URL": database_url or env["DATABASE_URL"], **extra_env}
            one = CeleryProcess(
                "worker", worker_env, tmp_path, name,
                ["-Q", self.queues, "-n", f"{name}-{redis_prefix.strip(':')}@%h", *pool,
                 "--without-mingle", "--without-gossip", "--without-heartbeat"],
            )
            started.append(one)
            return one

        def beat(self, **extra_env: str) -> CeleryProcess:
            one = CeleryProcess("beat", {**env, **extra_env}, tmp_path, "beat", ["-s", str(tmp_path / "beat-schedule")])
            started.append(one)
            return one

    yield Celery()
    for one in started:
        one.stop()
    # Their database connections must be gone before the test database is flushed and dropped.
    connection.close()


def start_archiving(celery, name: str = "worker", **kwargs) -> CeleryProcess:
    worker = celery.worker(name, **kwargs)
    beat = celery.beat()
    worker.wait_ready(" ready.")
    beat.wait_ready("beat: Starting")
    return worker


def consumers(buffer: Buffer) -> dict[str, int]:
    return {c["name"]: c["pending"] for c in buffer.figures()["consumers"]}


# ---------------------------------------------------------------- PostgreSQL going away


class TcpProxy:
    """127.0.0.1:port → PostgreSQL. `down()` closes the listening socket and resets every
    connection (the server is unreachable: connections refused); `up()` listens again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener: socket.socket | None = None
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        self.up()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for sock in pair:
                _reset(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _reset(client)
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1.0)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        raise OSError("closed")
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):
            _reset(a)
            _reset(b)

    def close(self) -> None:
        self.down()


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    except OSError:
        pass
