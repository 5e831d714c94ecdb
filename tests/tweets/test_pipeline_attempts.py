# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""Poison messages and outages, in-process: attempts are counted per message, a database
outage never counts, suspects are bisected until the one bad message is set aside alone, and
dead letters are replayed once they read."""

from __future__ import annotations

import orjson
import pytest
from django.core.management import call_command
from django.db import OperationalError, ProgrammingError

from tweets.buffer import Message
from tweets.dead_letters import CRASHED
from tweets.intake import bisect, drain
from tweets.models import DeadLetter, Tweet

from .pipeline_support import (  # noqa: F401  (fixtures)
    archived_ids,
    buffer,
    buffer_drained,
    plain_messages,
    poisoned,
    tweet_ids,
)


def push(buffer, messages: list[dict]) -> list[str]:
    return buffer.append([orjson.dumps(m) for m in messages], source="stream")


@pytest.mark.django_db
def test_it_sets_aside_only_the_message_that_keeps_failing_its_batch(buffer, postgres):
    good = plain_messages(999)
    poison = plain_messages(1, first_id=1_900_000_000_000_000_000)[0]
    push(buffer, [*good[:400], poison, *good[400:]])
    failed_runs = 0
    with poisoned(int(poison["data"]["id"])):
        while True:
            try:
                drain(buffer, "worker")
                break
            except ProgrammingError:  # the run ends as a killed worker's would: nothing acknowledged
                failed_runs += 1
                assert failed_runs <= 11, "bisecting 1,000 messages takes ten failed runs and one alone"

    assert archived_ids() == tweet_ids(good)
    letter = DeadLetter.objects.get()
    assert letter.reason == f"{CRASHED}: tried 10 times, the last alone"
    assert orjson.loads(letter.raw) == poison and letter.source.startswith("stream ")
    assert failed_runs == 10
    assert buffer_drained(buffer)
    assert not buffer.client.exists(buffer.name("attempts"))


@pytest.mark.django_db
def test_it_never_counts_a_database_outage_as_an_attempt(buffer, postgres):
    chat = plain_messages(300)
    push(buffer, chat)
    # PostgreSQL's "connection failure": what a server going away mid-batch looks like.
    with poisoned(int(chat[150]["data"]["id"]), how="RAISE EXCEPTION 'gone' USING ERRCODE = '08006'"):
        for _ in range(25):  # far more runs than a batch is ever split in
            with pytest.raises(OperationalError):
                drain(buffer, "worker")

    drain(buffer, "worker")

    assert archived_ids() == tweet_ids(chat)
    assert DeadLetter.objects.count() == 0
    assert buffer_drained(buffer) and not buffer.client.exists(buffer.name("attempts"))


def test_it_halves_the_batches_of_suspects_least_suspect_first():
    batch = [Message(f"{i}-0", b"", "stream") for i in range(1, 9)]
    attempts = {"1-0": 2, "2-0": 2, "3-0": 1, "4-0": 1, "5-0": 1, "6-0": 3}

    aside, chunks = bisect(batch, attempts, batch_size=8)

    assert aside == []
    assert [[m.id for m in c] for c in chunks] == [["7-0", "8-0"], ["3-0", "4-0", "5-0"], ["1-0", "2-0"], ["6-0"]]
    aside, chunks = bisect(batch, {"6-0": 4}, batch_size=8)  # it failed in a chunk of one
    assert [m.id for m in aside] == ["6-0"] and sum(map(len, chunks)) == 7


# ---------------------------------------------------------------- replaying dead letters


@pytest.mark.django_db
def test_it_replays_dead_letters_that_read_after_a_parser_fix(capsys):
    fixed, set_aside = plain_messages(2)
    # What an older parser (or a killed worker) left behind: payloads that read today.
    DeadLetter.objects.create(raw=orjson.dumps(fixed).decode(), source="stream 1-0", reason="parser error: KeyError('x')")
    DeadLetter.objects.create(raw=orjson.dumps(set_aside).decode(), source="stream 2-0",
                              reason=f"{CRASHED}: tried 10 times, the last alone")
    DeadLetter.objects.create(raw="not json", source="/data/chat.jsonl", line=7, offset=900, reason="invalid JSON")

    call_command("replay_dead_letters", "--reason", "parser error")
    assert "1 dead letters archived and removed, 0 still unreadable" in capsys.readouterr().out
    assert archived_ids() == tweet_ids([fixed])

    call_command("replay_dead_letters")
    assert "1 dead letters archived and removed, 1 still unreadable" in capsys.readouterr().out
    call_command("replay_dead_letters")  # again: nothing twice
    assert "0 dead letters archived and removed, 1 still unreadable" in capsys.readouterr().out

    assert archived_ids() == tweet_ids([fixed, set_aside]) and Tweet.objects.count() == 2
    assert list(DeadLetter.objects.values_list("reason", "line")) == [("invalid JSON", 7)]
