# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""Redis as a durable buffer, each test on a redis-server of its own: the buffer survives a
restart with AOF, the stream refuses a Redis that may lose it, and the cache cannot evict it."""

from __future__ import annotations

import logging

import orjson
import pytest
import redis
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from tweets.buffer import Buffer
from tweets.intake import drain
from tweets.models import DeadLetter, Tweet
from tweets.stream import check_durable
from wecommunities.settings import next_redis_db

from .pipeline_support import (  # noqa: F401  (fixtures)
    archived_ids,
    buffer_drained,
    plain_messages,
    tweet_ids,
)
from .redis_support import DURABLE_REDIS, own_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def push(buffer: Buffer, messages: list[dict]) -> None:
    buffer.append([orjson.dumps(m) for m in messages], source="stream")


def test_it_keeps_the_buffer_through_a_redis_restart_with_aof(own_redis):
    server = own_redis(*DURABLE_REDIS)
    buffer = server.buffer()
    messages = plain_messages(600)
    push(buffer, messages)
    next(buffer.batches("worker-that-dies", count=200))  # read, not archived: pending

    server.restart()  # SIGKILL: no goodbye, no save; the append-only file is all there is

    buffer = server.buffer()
    assert buffer.figures()["length"] == 600 and buffer.figures()["pending"] == 200
    drain(buffer, "worker", batch_size=250)
    assert archived_ids() == tweet_ids(messages)
    assert Tweet.objects.count() == 600 and DeadLetter.objects.count() == 0
    assert buffer_drained(buffer)


def test_it_refuses_to_stream_into_a_redis_without_aof(own_redis, settings):
    server = own_redis("--appendonly", "no", "--maxmemory-policy", "allkeys-lru")
    settings.REDIS_URL = server.url
    settings.X_BEARER_TOKEN = "test-bearer-token"

    with pytest.raises(CommandError) as refused:
        call_command("stream_tweets", "--source", "x")

    message = str(refused.value)
    assert "appendonly no" in message and "appendonly yes" in message
    assert "maxmemory-policy allkeys-lru" in message and "noeviction" in message
    check_durable(Buffer(redis.Redis.from_url(own_redis(*DURABLE_REDIS).url), "tweets:incoming"))  # no error


def test_it_shows_red_on_the_status_page_when_redis_may_lose_the_buffer(own_redis, settings, client, staff, capsys):
    settings.REDIS_URL = own_redis("--appendonly", "no").url
    client.force_login(staff)

    page = client.get(reverse("tweets:pipeline_status")).content.decode()

    assert "Not durable: a Redis restart or eviction would lose tweets." in page
    assert "Redis has appendonly no" in page
    call_command("pipeline_status")
    assert "NOT DURABLE: Redis has appendonly no" in capsys.readouterr().out


def test_it_warns_when_redis_will_not_say_how_it_keeps_data(own_redis, settings, client, staff, caplog):
    server = own_redis(*DURABLE_REDIS, "--rename-command", "CONFIG", "")
    settings.REDIS_URL = server.url
    client.force_login(staff)

    with caplog.at_level(logging.WARNING, logger="tweets.stream"):
        check_durable(server.buffer())  # unknown is no reason to refuse: managed Redis hides CONFIG

    assert "cannot tell whether Redis keeps the buffer" in caplog.text
    assert "Durability unknown" in client.get(reverse("tweets:pipeline_status")).content.decode()


def test_it_cannot_evict_the_buffer_under_cache_pressure(own_redis, settings):
    server = own_redis(*DURABLE_REDIS, "--maxmemory", "20mb")
    # What wecommunities/settings.py derives from REDIS_URL when CACHE_URL is unset.
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": server.url.replace("/0", "/1")}}
    buffer = server.buffer()
    messages = plain_messages(1000)
    push(buffer, messages)

    with pytest.raises(redis.exceptions.OutOfMemoryError):
        for i in range(1000):  # 100 MB of cache into 20 MB
            cache.set(f"page-{i}", "x" * 100_000, timeout=None)

    assert buffer.figures()["length"] == 1000  # Redis refused the cache, not the buffer
    drain(buffer, "worker")  # and a full Redis still lets the archive drain it
    assert archived_ids() == tweet_ids(messages)
    assert buffer_drained(buffer)


def test_it_gives_the_cache_its_own_redis_database():
    assert next_redis_db("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/1"
    assert next_redis_db("redis://:secret@redis.internal:6380") == "redis://:secret@redis.internal:6380/1"
