# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""The X stream side: rules in step with communities, raw lines into the buffer, one connection,
reconnection, backfill by recent search. The real tweepy talks to the fake X server."""

from __future__ import annotations

import time
from datetime import timedelta

import orjson
import pytest
import tweepy
from django.conf import settings
from django.utils import timezone

from tests.fakex.server import point_session_at
from tweets.backfill import GAP_AFTER, SETTLE, backfill, fill_gap, search_params, with_newest_archived
from tweets.intake import InProcessSink, drain
from tweets.models import Community, DeadLetter, Tweet
from tweets.stream import AlreadyStreaming, sync_rules
from tweets.tasks import backfill_gaps
from tweets.xclient import x_client

from .pipeline_support import (  # noqa: F401  (fixtures)
    archived_ids,
    buffer,
    capture_lines,
    chat_messages,
    plain_messages,
    runner,
    tweet_ids,
    wait_until,
    wenurses,
    x,
)


def entries(buffer) -> list[tuple[bytes, str]]:
    return [(f[b"raw"], f[b"src"].decode()) for _, f in buffer.client.xrange(buffer.key)]


# ---------------------------------------------------------------- rules


@pytest.mark.django_db
def test_it_keeps_one_rule_per_community(fake_x, x, wenurses):
    Community.objects.create(name="WeMidwives", slug="wemidwives", hashtag="WeMidwives")
    x.rules["1"] = {"id": "1", "value": "#oldcommunity", "tag": "oldcommunity"}
    x.rules["2"] = {"id": "2", "value": "#wenurses", "tag": "a stale tag"}
    stream = tweepy.StreamingClient("test-bearer-token")
    point_session_at(stream.session, fake_x)

    changes = sync_rules(stream)

    assert sorted((r["value"], r["tag"]) for r in x.rules.values()) == [
        ("#wemidwives", "wemidwives"), ("#wenurses", "wenurses"),
    ]
    assert sorted(changes.deleted) == ["#oldcommunity", "#wenurses"]
    Community.objects.filter(hashtag="wemidwives").delete()
    assert sync_rules(stream).deleted == ["#wemidwives"]
    assert [r["value"] for r in x.rules.values()] == ["#wenurses"]
    assert sync_rules(stream).added == []  # in step: nothing to do


# ---------------------------------------------------------------- the stream into the buffer


@pytest.mark.django_db
def test_it_buffers_each_stream_line_as_it_came(runner, buffer, x, wenurses):
    lines = capture_lines("streaming_output_with_error.jsonl")  # the last one is cut short
    one = runner()
    one.start()
    assert x.wait_connected()
    for line in lines:
        x.send_line(line)
    wait_until(lambda: len(entries(buffer)) == len(lines), what="the lines in the buffer")

    assert entries(buffer) == [(line, "stream") for line in lines]  # byte for byte, keep-alives left out
    assert one.thread.is_alive() and one.stream.is_connected.is_set()  # the cut line did not stop it
    one.tick(0)
    assert buffer.figures()["stream_connected"] == one.holder


@pytest.mark.django_db
def test_it_lets_only_one_stream_connect(runner, buffer, x, wenurses):
    first, second = runner(), runner()
    first.start()
    assert x.wait_connected()

    with pytest.raises(AlreadyStreaming, match="one connection"):
        second.start()
    assert x.connects == 1

    first.stop()
    third = runner()
    third.start()
    assert x.wait_connected(after=1)


@pytest.mark.django_db
def test_it_frees_the_lock_of_a_stream_that_died(runner, buffer, x, wenurses):
    dead = runner(lock_timeout=0.5)
    dead.start()
    dead.stream.disconnect()  # it stops renewing its lock, as a killed process would
    wait_until(lambda: not buffer.client.exists(buffer.name("stream-lock")), timeout=3, what="the lock to expire")
    runner().start()


@pytest.mark.django_db
def test_it_reconnects_when_the_connection_drops(runner, buffer, x, wenurses):
    chat = chat_messages()
    one = runner()
    one.start()
    assert x.wait_connected()
    x.publish(chat[0])
    wait_until(lambda: [src for _, src in entries(buffer)].count("stream") == 1, what="the first tweet")

    x.drop(partial=orjson.dumps(chat[1])[:40])  # half a line, then the connection is reset
    assert x.wait_connected(after=1)
    x.publish(chat[2])
    wait_until(lambda: [src for _, src in entries(buffer)].count("stream") == 2, what="a tweet after reconnecting")

    assert x.connects == 2
    streamed = [raw for raw, src in entries(buffer) if src == "stream"]
    assert streamed == [orjson.dumps(chat[0]), orjson.dumps(chat[2])]  # the half line was never buffered


# ---------------------------------------------------------------- backfill


@pytest.mark.django_db
def test_it_backfills_since_the_newest_archived_tweet(fake_x, x, wenurses):
    chat = chat_messages()
    sink = InProcessSink()
    sink.append([orjson.dumps(m) for m in chat[:50]], source="stream")
    for message in chat:
        x.publish(message, stream=False)  # the stream missed them; search has them
    client = x_client("test-bearer-token")
    point_session_at(client.session, fake_x)

    pages = backfill(client, sink)

    assert archived_ids() == tweet_ids(chat)
    assert Tweet.objects.count() == len(tweet_ids(chat))
    searches = [path for method, path in fake_x.requests if path.startswith("/2/tweets/search/recent")]
    assert f"since_id={chat[49]['data']['id']}" in searches[0]
    assert pages == len(searches) == 2  # 157 newer tweets: two pages of up to 100
    assert DeadLetter.objects.count() == 0


@pytest.mark.django_db
def test_it_searches_the_last_seven_days_when_nothing_recent_is_archived(wenurses):
    now = timezone.now()
    community = with_newest_archived().get()
    params = search_params(community, now)

    assert params["query"] == "#wenurses"
    assert "since_id" not in params
    assert now - timedelta(days=7) < params["start_time"] < now - timedelta(days=6, hours=23)


# Transactional: the backfill thread has a database connection of its own.
@pytest.mark.django_db(transaction=True)
def test_it_backfills_after_every_connection(runner, buffer, x, wenurses):
    chat = chat_messages()
    for message in chat[:20]:
        x.publish(message, stream=False)  # posted while we were down
    one = runner()
    one.start()
    wait_until(lambda: one.backfills == 1, what="the first backfill")
    assert {raw for raw, src in entries(buffer) if src == "search"}  # a search page, buffered as sent

    x.drop()
    wait_until(lambda: one.backfills == 2, what="a backfill after reconnecting")


# ---------------------------------------------------------------- gaps


@pytest.mark.django_db
def test_it_backfills_the_gap_when_redis_loses_its_buffer_under_a_running_stream(fake_x, buffer, x, wenurses):
    before, lost, after = (lambda m: (m[:50], m[50:100], m[100:]))(plain_messages(150))
    client = x_client("test-bearer-token")
    point_session_at(client.session, fake_x)
    hear(x, buffer, before)
    drain(buffer, "worker")
    assert fill_gap(client, buffer, buffer) is not None  # coverage never known: from the search horizon
    hear(x, buffer, lost)  # buffered, not yet archived …

    for key in buffer.client.scan_iter(f"{buffer.key}*"):  # … when Redis loses its data
        buffer.client.delete(key)
    hear(x, buffer, after)  # the stream goes on into the empty Redis,
    drain(buffer, "worker")  # and newer tweets are archived before any backfill runs
    assert archived_ids() == tweet_ids(before + after)
    pages = fill_gap(client, buffer, buffer)  # what Beat runs every BACKFILL_EVERY seconds
    drain(buffer, "worker")

    assert archived_ids() == tweet_ids(before + lost + after)
    assert Tweet.objects.count() == 150 and DeadLetter.objects.count() == 0
    searches = [path for _, path in fake_x.requests if path.startswith("/2/tweets/search/recent")]
    assert f"since_id={before[-1]['data']['id']}" in searches[-1]  # from the last tweet before the gap
    assert pages == 1
    assert fill_gap(client, buffer, buffer) is None  # closed: nothing to search until the next gap


@pytest.mark.django_db
def test_it_backfills_from_beat_when_the_stream_has_been_silent_too_long(fake_x, buffer, x, wenurses):
    client = x_client("test-bearer-token")
    point_session_at(client.session, fake_x)
    now = timezone.now()
    fill_gap(client, buffer, buffer, now=now)  # covered until a settling minute before now
    silent = GAP_AFTER - SETTLE  # then the stream says nothing more (down, or its process gone)

    assert fill_gap(client, buffer, buffer, now=now + silent - timedelta(seconds=1)) is None
    assert fill_gap(client, buffer, buffer, now=now + silent) == 0  # searched: nobody tweeted
    assert "backfill-gaps" in settings.CELERY_BEAT_SCHEDULE
    assert backfill_gaps.apply().get() == "no gaps to fill without REDIS_URL and X_BEARER_TOKEN"


@pytest.mark.django_db(transaction=True)
def test_it_moves_coverage_only_while_it_hears_everything(runner, buffer, x, wenurses):
    one = runner()
    one.start()
    wait_until(lambda: one.backfills == 1, what="the first backfill")
    covered, _ = buffer.covered_until()
    time.sleep(0.01)
    one.tick(0)
    assert buffer.covered_until()[0] > covered  # connected, every line in Redis

    one.stream.spill.append(b"a line Redis has not taken yet")
    held, _ = buffer.covered_until()
    one.tick(0)
    assert buffer.covered_until()[0] == held

    one.stream.spill.clear()
    buffer.client.delete(buffer.name("covered-until"))  # Redis lost it
    one.tick(0)
    assert buffer.covered_until() == (None, False)  # only a backfill may say where a gap begins


def hear(x, buffer, messages: list[dict]) -> None:
    """X posts these and the stream buffers them (as the running stream would)."""
    for message in messages:
        x.publish(message, stream=False)
    buffer.append([orjson.dumps(m) for m in messages], source="stream")
