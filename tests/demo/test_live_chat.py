"""`manage.py demo_chat` (`make demo-chat`): a made-up chat happening now, arriving live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest
from django.core.management import call_command

from chats.models import ChatTweet, Tweetchat
from demo.live_chat import write_demo_chat
from tweets.models import Community, Tweet


@pytest.fixture
def wenurses(db) -> Community:
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


@pytest.mark.django_db
def test_it_replays_a_demo_chat_happening_now(settings, wenurses, capsys, django_capture_on_commit_callbacks):
    settings.REDIS_URL = ""
    with django_capture_on_commit_callbacks(execute=True):  # chat attribution runs on commit
        call_command("demo_chat", "--speed", "0")

    out = capsys.readouterr().out
    assert "A one-hour #WeNurses chat" in out
    newest = Tweet.objects.order_by("-created_at").first()
    assert datetime.now(UTC) - newest.created_at < timedelta(minutes=1)
    assert Tweet.objects.with_hashtag("wenurses").count() == Tweet.objects.count() > 100
    chat = Tweetchat.objects.get(community=wenurses)  # scheduled now: its transcript fills live
    assert chat.get_absolute_url() in out
    assert ChatTweet.objects.filter(chat=chat).count() == Tweet.objects.count()


def test_it_writes_a_demo_chat_of_five_questions(tmp_path):
    count = write_demo_chat(tmp_path / "chat.jsonl", "WeNurses", datetime(2024, 1, 4, 20, 0, tzinfo=UTC))
    lines = (tmp_path / "chat.jsonl").read_bytes().splitlines()

    assert len(lines) == count > 100
    questions = [orjson.loads(line)["data"]["text"] for line in lines if orjson.loads(line)["data"]["text"].startswith("Q")]
    assert [q[:2] for q in questions] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
