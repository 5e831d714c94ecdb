"""A redis-server of the test's own, for tests that restart, fill or misconfigure Redis: the
shared one on 6379 must never be restarted, reconfigured or flushed."""

from __future__ import annotations

import signal
import socket
import subprocess
from pathlib import Path

import pytest
import redis

from tweets.buffer import Buffer

from .pipeline_support import wait_until


class OwnRedis:
    """A redis-server on a free port with its own directory, for tests that restart, fill or
    misconfigure Redis (the shared one on 6379 must never be touched). `kill()` is SIGKILL."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.folder = folder
        self.args = args
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> OwnRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--logfile", str(self.folder / "redis.log"), *self.args],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.port)
        wait_until(lambda: _pings(client), timeout=10, what="redis-server to answer")
        client.close()
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def buffer(self, key: str = "tweets:incoming") -> Buffer:
        return Buffer(redis.Redis.from_url(self.url, health_check_interval=1), key, claim_after_ms=0)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def own_redis(tmp_path):
    """Make `own_redis(*redis-server args)`; every server made is killed afterwards."""
    made: list[OwnRedis] = []

    def make(*args: str) -> OwnRedis:
        folder = tmp_path / f"redis-{len(made)}"
        folder.mkdir()
        made.append(OwnRedis(folder, *args).start())
        return made[-1]

    yield make
    for one in made:
        one.kill()


DURABLE_REDIS = ("--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction")
