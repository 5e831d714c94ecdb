# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""The archive side of live archiving, in-process: batches from the buffer, acknowledgement
after commit, claims of a dead consumer's messages, dead letters, replay, status."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.fakex.server import point_session_at
from tweets.buffer import GROUP
from tweets.intake import InProcessSink, archive_messages, drain
from tweets.models import DeadLetter, Tweet, TweetTombstone
from tweets.recheck import recheck_recent
from tweets.replay import replay, split_page
from tweets.tasks import archive_buffer
from tweets.xclient import x_client

from .pipeline_support import (  # noqa: F401  (fixtures)
    CAPTURES,
    archived_ids,
    buffer,
    buffer_drained,
    capture_lines,
    chat_messages,
    plain_messages,
    poisoned,
    tweet_ids,
    wenurses,
    x,
)


def push(buffer, messages: list[dict], source: str = "stream") -> list[str]:
    return buffer.append([orjson.dumps(m) for m in messages], source=source)


# ---------------------------------------------------------------- batches


@pytest.mark.django_db
def test_it_archives_the_buffer_and_empties_it(buffer):
    chat = chat_messages()
    push(buffer, chat)

    drained = drain(buffer, "worker-1", batch_size=100)

    assert archived_ids() == tweet_ids(chat)
    assert drained.batches == 3 and drained.messages == len(chat)
    assert buffer_drained(buffer)  # acknowledged and deleted: the stream's length is the backlog
    assert buffer.last_batch()["consumer"] == "worker-1"


@pytest.mark.django_db
def test_a_lingering_drain_archives_what_arrives_while_it_waits(buffer):
    chat = chat_messages()
    first, later = chat[:10], chat[10:]
    push(buffer, first)
    arriving = threading.Timer(0.2, push, [buffer, later])
    arriving.start()

    drained = drain(buffer, "worker-1", linger=1.0)  # the task lingers one Beat tick

    arriving.join()
    assert drained.messages == len(chat)  # one run: the later tweets did not wait for another
    assert archived_ids() == tweet_ids(chat)
    assert buffer_drained(buffer)


@pytest.mark.django_db
def test_a_trickle_of_tweets_is_gathered_into_a_few_batches_not_one_a_tweet(buffer):
    chat = chat_messages()[:20]

    def trickle():
        for message in chat:
            push(buffer, [message])
            time.sleep(0.02)

    arriving = threading.Thread(target=trickle)
    arriving.start()
    drained = drain(buffer, "worker-1", linger=1.0, gather=0.25)
    arriving.join()

    assert drained.messages == len(chat) and archived_ids() == tweet_ids(chat)
    # ~0.4 s of tweets in batches that each wait 0.25 s for more: a handful, where reading
    # each as it comes makes one batch (a transaction and a badges task) for nearly every tweet.
    assert drained.batches <= 6


@pytest.mark.django_db
def test_it_leaves_a_batch_pending_until_it_is_archived(buffer):
    chat = chat_messages()[:10]
    push(buffer, chat)
    batches = buffer.batches("worker-1")
    redelivered, batch = next(batches)  # read, but the worker dies before archiving it

    assert not redelivered and len(batch) == 10
    assert buffer.figures()["pending"] == 10
    assert Tweet.objects.count() == 0

    drain(buffer, "worker-1")  # the same consumer, restarted: its own pending messages first
    assert archived_ids() == tweet_ids(chat)
    assert buffer_drained(buffer)


@pytest.mark.django_db
def test_it_claims_what_a_dead_consumer_left_after_the_timeout(buffer):
    chat = chat_messages()[:10]
    push(buffer, chat)
    next(buffer.batches("dead-worker"))

    buffer.claim_after_ms = 60_000
    drain(buffer, "live-worker")
    assert Tweet.objects.count() == 0  # not idle long enough: the dead worker may be slow only

    buffer.claim_after_ms = 0
    drain(buffer, "live-worker")
    assert archived_ids() == tweet_ids(chat)
    assert buffer_drained(buffer)


@pytest.mark.django_db
def test_it_archives_a_redelivered_batch_once(buffer):
    chat = chat_messages()[:20]
    push(buffer, chat)
    push(buffer, [{"data": {"id": "1"}}])  # a tweet without author or time: a dead letter
    messages = [m for _, batch in buffer.batches("w") for m in batch]
    archive_messages(messages)  # committed, but the ack never happened

    drain(buffer, "w")

    assert Tweet.objects.count() == len(tweet_ids(chat))
    assert DeadLetter.objects.count() == 1
    assert DeadLetter.objects.get().source == f"stream {messages[-1].id}"


# ---------------------------------------------------------------- dead letters


@pytest.mark.django_db
def test_it_keeps_unreadable_lines_aside_with_their_reason(buffer):
    chat = chat_messages()[:30]
    truncated = capture_lines("streaming_output_with_error.jsonl")[-1]
    bad_tweet = {"data": {"id": "5", "text": "no author, no time"}}
    out_of_range = {"data": {"id": "99999999999999999999", "author_id": "1", "text": "x",
                             "created_at": "2024-01-01T00:00:00.000Z"}}
    push(buffer, chat[:10])
    buffer.append([b"not json at all", truncated, b"[1, 2]", b'{"foo": "bar"}'], source="stream")
    push(buffer, [bad_tweet, out_of_range, *chat[10:]])

    drain(buffer, "worker")

    assert archived_ids() == tweet_ids(chat)
    reasons = sorted(DeadLetter.objects.values_list("reason", flat=True))
    assert len(reasons) == 6
    assert len([r for r in reasons if r.startswith("invalid JSON")]) == 2  # not JSON; cut short
    assert "expected a JSON object, got int" in reasons
    assert len([r for r in reasons if r.startswith("unknown payload")]) == 1
    assert len([r for r in reasons if "missing field 'author_id'" in r]) == 1
    assert len([r for r in reasons if r.startswith("archive refused it")]) == 1  # id beyond bigint
    assert DeadLetter.objects.filter(raw=truncated.decode()).exists()
    assert buffer_drained(buffer)


# ---------------------------------------------------------------- deletions


@pytest.mark.django_db
def test_it_removes_a_tweet_when_a_deletion_notice_arrives(buffer):
    chat = chat_messages()[:5]
    gone = chat[2]["data"]
    push(buffer, chat)
    drain(buffer, "worker")

    notice = {"data": {"delete": {"tweet": {"id": gone["id"], "author_id": gone["author_id"]},
                                  "event_at": "2024-01-01T00:00:00.000Z"}}}
    push(buffer, [notice])
    drain(buffer, "worker")

    tweet = Tweet.objects.get(id=gone["id"])
    assert tweet.deleted_at is not None and tweet.text == "" and tweet.raw == ""
    assert not tweet.hashtags.exists()
    assert TweetTombstone.objects.filter(tweet_id=gone["id"]).exists()
    assert Tweet.objects.visible().count() == len(tweet_ids(chat)) - 1


@pytest.mark.django_db
def test_it_rechecks_recent_tweets_and_removes_the_deleted(fake_x, x):
    chat = chat_messages()[:30]
    for message in chat:
        x.publish(message, stream=False)
    InProcessSink().append([orjson.dumps(m) for m in chat], source="stream")
    gone = [chat[3]["data"]["id"], chat[17]["data"]["id"]]
    for tweet_id in gone:
        x.delete(tweet_id, notify=False)  # X says nothing: only asking tells us
    client = x_client("test-bearer-token")
    point_session_at(client.session, fake_x)

    checked, found = recheck_recent(client, InProcessSink())

    assert (checked, found) == (len(chat), 2)  # the tweets of the last seven days
    assert set(Tweet.objects.filter(deleted_at__isnull=False).values_list("id", flat=True)) == {int(i) for i in gone}
    assert set(TweetTombstone.objects.values_list("reason", flat=True)) == {"deleted"}


# ---------------------------------------------------------------- the task


@pytest.mark.django_db
def test_it_archives_from_the_celery_task(buffer):
    chat = chat_messages()[:10]
    push(buffer, chat)

    result = archive_buffer.apply().get()

    assert result.startswith("10 messages in 1 batches")
    assert archived_ids() == tweet_ids(chat)


@pytest.mark.django_db
def test_it_stands_back_while_the_database_is_being_waited_for(buffer):
    push(buffer, chat_messages()[:3])
    buffer.pause(5)

    assert archive_buffer.apply().get() == "waiting for the database"
    assert Tweet.objects.count() == 0


def test_it_runs_the_archive_task_from_beat_every_second(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["archive-buffer"]
    assert entry["task"] == "tweets.archive_buffer"
    assert entry["schedule"] == settings.ARCHIVE_EVERY_MS / 1000 == 1
    assert entry["options"]["queue"] == settings.ARCHIVE_QUEUE
    assert settings.CELERY_BEAT_SCHEDULE["recheck-deletions"]["task"] == "tweets.recheck_deletions"


# ---------------------------------------------------------------- replay


@pytest.mark.django_db
def test_it_replays_a_file_in_process_without_redis(settings, tmp_path, capsys):
    settings.REDIS_URL = ""
    call_command("stream_tweets", "--source", "replay", str(CAPTURES / "streaming_output_with_error.jsonl"), "--speed", "0")

    assert "into the archive (in-process, no REDIS_URL)" in capsys.readouterr().out
    assert Tweet.objects.count() == 11  # seven tweets and the four they quote or reply to
    assert DeadLetter.objects.get().reason.startswith("invalid JSON")  # the cut-off last line


@pytest.mark.django_db
def test_it_replays_into_the_buffer_with_redis(buffer, tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(m) for m in chat_messages()[:25]))
    call_command("stream_tweets", "--source", "replay", str(path), "--speed", "0")

    assert buffer.figures()["length"] == 25
    assert Tweet.objects.count() == 0  # the worker archives them


def test_it_paces_a_replay_by_the_tweets_times(tmp_path):
    start = datetime(2024, 1, 1, 20, 0, tzinfo=UTC)
    lines = [{"data": {"id": str(i), "created_at": (start + timedelta(seconds=s)).isoformat().replace("+00:00", "Z")}}
             for i, s in enumerate([0, 0, 60, 120, 120])]
    path = tmp_path / "chat.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(m) for m in lines) + b"\nnot json\n")
    now = [0.0]
    sent: list[tuple[float, int]] = []

    class Sink:
        def append(self, group, source):
            sent.append((now[0], len(group)))

    def sleep(seconds: float) -> None:
        now[0] += seconds

    done = replay(path, Sink(), speed=60, clock=lambda: now[0], sleep=sleep)

    assert sent == [(0.0, 2), (1.0, 1), (2.0, 3)]  # a minute of chat a second; the bad line goes too
    assert done.lines == 6


def test_it_splits_a_search_page_into_stream_messages():
    page = orjson.loads(capture_lines("2sets.jsonl")[0])
    messages = split_page(page)

    assert len(messages) == len(page["data"])
    times = [m["data"]["created_at"] for m in messages]
    assert times == sorted(times)
    for message in messages:
        authors = {u["id"] for u in message["includes"]["users"]}
        assert message["data"]["author_id"] in authors
        for ref in message["data"].get("referenced_tweets", []):
            included = {t["id"] for t in message["includes"].get("tweets", [])}
            assert ref["id"] in included or ref["id"] not in {t["id"] for t in page["includes"]["tweets"]}


def test_it_needs_redis_and_a_token_for_the_x_stream(settings):
    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="needs REDIS_URL"):
        call_command("stream_tweets", "--source", "x")
    with pytest.raises(CommandError, match="needs the FILE"):
        call_command("stream_tweets", "--source", "replay")


# ---------------------------------------------------------------- status


@pytest.mark.django_db
def test_it_reports_the_pipeline_on_the_command_line(buffer, capsys):
    chat = chat_messages()[:10]
    push(buffer, chat[:5])
    drain(buffer, "worker-1")
    push(buffer, chat[5:])
    buffer.append([b"garbage"], source="stream")
    next(buffer.batches("worker-2"))

    call_command("pipeline_status")
    out = capsys.readouterr().out

    assert "Buffer: 6 messages not yet archived, 6 of them read by a worker" in out
    assert "consumer worker-2: 6 pending" in out
    assert "Stream: not connected" in out
    assert "Last batch: 5 messages" in out
    assert "Dead letters: 0" in out
    call_command("pipeline_status", "--json")
    assert orjson.loads(capsys.readouterr().out)["pending"] == 6


@pytest.mark.django_db
def test_it_shows_the_status_page_to_staff_only(client, alice, staff, settings):
    settings.REDIS_URL = ""
    url = reverse("tweets:pipeline_status")

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"No Redis" in response.content and b"Dead letters (0)" in response.content


@pytest.mark.django_db
def test_it_says_on_the_status_page_that_archiving_waits_for_the_database(client, staff, buffer):
    push(buffer, plain_messages(3))
    buffer.wait_for_database("OperationalError: connection refused", retry_in=4)
    buffer.wait_for_database("OperationalError: connection refused", retry_in=8)
    client.force_login(staff)

    page = client.get(reverse("tweets:pipeline_status")).content.decode()

    assert "Waiting for the database</strong> since" in page and "(2 attempts)" in page
    assert "Nothing is lost" in page and "connection refused" in page
    buffer.client.delete(buffer.name("paused"))  # the retry's pause has run out
    assert archive_buffer.apply().get().startswith("3 messages in 1 batches")  # and the database answers
    assert "Waiting for the database" not in client.get(reverse("tweets:pipeline_status")).content.decode()


@pytest.mark.django_db
def test_it_shows_dead_letters_by_reason_on_the_status_page(client, staff, buffer):
    buffer.append([b"not json", b"also not json", b'{"foo": 1}'], source="stream")
    drain(buffer, "worker")
    client.force_login(staff)

    page = client.get(reverse("tweets:pipeline_status")).content.decode()

    assert "Dead letters (3)" in page
    assert "unknown payload" in page and "invalid JSON" in page
    assert "<strong>0</strong> messages not yet archived" in page


def test_group_name_is_stable():
    # Renaming the group would strand every pending message under the old one.
    assert GROUP == "archive"
