# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""Chat-hours mode: recent search polled during scheduled chats instead of the stream, through
the same buffer and archive, against the fake X."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import orjson
import pytest
import tweepy
from django.core.management import call_command
from django.utils import timezone

from chats.models import Tweetchat
from tests.fakex.server import point_session_at
from tweets import chathours, ledger
from tweets.intake import InProcessSink
from tweets.models import Community, SearchPoll, XRead
from tweets.stream import budgeted_hashtags, record_reads, sync_rules
from tweets.tasks import poll_chat_hours
from tweets.xclient import x_client

from .pipeline_support import archived_ids, plain_messages, tweet_ids, wenurses, x  # noqa: F401

pytestmark = pytest.mark.django_db
SEARCH = "/2/tweets/search/recent"


@pytest.fixture
def wemidwives(db) -> Community:
    return Community.objects.create(name="WeMidwives", slug="wemidwives", hashtag="wemidwives")


@pytest.fixture
def client(fake_x):
    one = x_client("test-bearer-token", purpose=ledger.CHAT_HOURS)
    point_session_at(one.session, fake_x)
    return one


def chat(community: Community, starts_in: timedelta, minutes: int = 60) -> Tweetchat:
    start = timezone.now() + starts_in
    return Tweetchat.objects.create(
        community=community, start=start, end=start + timedelta(minutes=minutes), topic="Night shifts",
        slug="night-shifts", status=Tweetchat.Status.SCHEDULED,
    )


def also_tagged(messages: list[dict], tag: str) -> list[dict]:
    for message in messages:
        message["data"]["entities"]["hashtags"].append({"start": 0, "end": len(tag) + 1, "tag": tag})
    return messages


def served(fake_x, what: str = "posts") -> int:
    return fake_x.served.get(SEARCH, {}).get(what, 0)


def test_it_archives_a_chat_from_polling_with_no_gap_across_pages_or_polls(fake_x, x, client, wenurses):
    chat(wenurses, starts_in=-timedelta(minutes=10))
    first = plain_messages(230)
    for message in first:
        x.publish(message, stream=False)
    sink, soon = InProcessSink(), timezone.now() + timedelta(minutes=1)  # past the settling delay

    assert chathours.poll(client, sink, now=soon) == {"wenurses": 3}
    later = plain_messages(120, first_id=1_800_000_000_000_001_000)
    for message in later:
        x.publish(message, stream=False)
    assert chathours.poll(client, sink, now=soon + timedelta(seconds=60)) == {"wenurses": 2}
    assert chathours.poll(client, sink, now=soon + timedelta(seconds=120)) == {"wenurses": 0}

    assert archived_ids() == tweet_ids(first + later)
    assert served(fake_x) == 350  # the second poll asked only for what was new (since_id)
    search = XRead.objects.get(endpoint="search", purpose=ledger.CHAT_HOURS)
    assert (search.calls, search.posts, search.charged_posts) == (6, 350, 350)
    assert SearchPoll.objects.get(community=wenurses).newest_id == max(tweet_ids(later))


def test_two_overlapping_chats_archive_each_tweet_once(fake_x, x, client, wenurses, wemidwives):
    chat(wenurses, starts_in=-timedelta(minutes=20))
    chat(wemidwives, starts_in=-timedelta(minutes=5))
    nurses = plain_messages(60, tag="WeNurses")
    midwives = plain_messages(50, tag="WeMidwives", first_id=1_800_000_000_000_000_500)
    both = also_tagged(plain_messages(40, tag="WeNurses", first_id=1_800_000_000_000_000_900), "WeMidwives")
    for message in nurses + midwives + both:
        x.publish(message, stream=False)

    pages = chathours.poll(client, InProcessSink(), now=timezone.now() + timedelta(minutes=1))

    assert pages == {"wenurses": 1, "wemidwives": 1}
    assert archived_ids() == tweet_ids(nurses + midwives + both)
    search = XRead.objects.get(endpoint="search")
    assert (search.posts, search.charged_posts) == (190, 150)  # a tweet on both hashtags is charged once


def test_it_polls_only_during_a_chat_and_its_margins(fake_x, x, client, wenurses):
    for message in plain_messages(20):
        x.publish(message, stream=False)
    chat(wenurses, starts_in=timedelta(minutes=20))  # polling starts 15 minutes before
    assert chathours.poll(client, InProcessSink()) == {}
    Tweetchat.objects.update(start=timezone.now() - timedelta(minutes=100), end=timezone.now() - timedelta(minutes=40))
    assert chathours.poll(client, InProcessSink()) == {}  # ended more than 30 minutes ago
    assert served(fake_x, "calls") == 0

    Tweetchat.objects.update(start=timezone.now() + timedelta(minutes=14), end=timezone.now() + timedelta(minutes=74))
    assert chathours.poll(client, InProcessSink(), now=timezone.now() + timedelta(minutes=1)) == {"wenurses": 1}


def test_the_sweep_reads_between_chats_and_the_poll_goes_on_from_there(fake_x, x, client, wenurses):
    before = plain_messages(30)
    for message in before:
        x.publish(message, stream=False)
    assert chathours.sweep(client, InProcessSink(), now=timezone.now() + timedelta(minutes=1)) == {"wenurses": 1}
    chat(wenurses, starts_in=-timedelta(minutes=1))
    during = plain_messages(10, first_id=1_800_000_000_000_002_000)
    for message in during:
        x.publish(message, stream=False)

    assert chathours.poll(client, InProcessSink(), now=timezone.now() + timedelta(minutes=1)) == {"wenurses": 1}

    assert archived_ids() == tweet_ids(before + during)
    assert served(fake_x) == 40
    purposes = dict(XRead.objects.values_list("purpose", "posts"))
    assert purposes == {ledger.BETWEEN_CHATS: 30, ledger.CHAT_HOURS: 10}


def test_in_stream_mode_beat_does_not_poll(settings, fake_x, x, wenurses):
    settings.ARCHIVE_MODE = "stream"
    assert poll_chat_hours() == "not in chat-hours mode"


def test_the_stream_command_refuses_in_chat_hours_mode(settings):
    settings.ARCHIVE_MODE, settings.REDIS_URL, settings.X_BEARER_TOKEN = "chat-hours", "redis://x", "token"
    with pytest.raises(Exception, match="chat-hours"):
        call_command("stream_tweets", "--source", "x")


def test_while_the_budget_pauses_between_chats_only_chats_are_read(fake_x, x, client, wenurses, wemidwives, settings):
    settings.X_MONTHLY_BUDGET = Decimal("100")
    XRead.objects.create(day=timezone.now().date(), purpose=ledger.CHAT_HOURS, endpoint="search", cost=Decimal("99"))
    chat(wenurses, starts_in=-timedelta(minutes=10))
    stream = tweepy.StreamingClient("test-bearer-token")
    point_session_at(stream.session, fake_x)

    assert budgeted_hashtags() == {"wenurses"}
    sync_rules(stream, budgeted_hashtags())
    assert [r["value"] for r in x.rules.values()] == ["#wenurses"]  # X bills what the stream sends
    assert chathours.sweep(client, InProcessSink()) == {}
    assert served(fake_x, "calls") == 0

    XRead.objects.create(day=timezone.now().date(), purpose=ledger.CHAT_HOURS, endpoint="stream", cost=Decimal("2"))
    assert budgeted_hashtags() == set()  # spent: not even chats
    sync_rules(stream, budgeted_hashtags())
    assert x.rules == {}
    assert chathours.poll(client, InProcessSink()) == {}


def test_two_overlapping_chats_of_one_community_are_polled_as_one(fake_x, x, client, wenurses):
    chat(wenurses, starts_in=-timedelta(minutes=50))
    chat(wenurses, starts_in=timedelta(minutes=5))
    first, second = plain_messages(120), plain_messages(30, first_id=1_800_000_000_000_003_000)
    for message in first:
        x.publish(message, stream=False)
    soon = timezone.now() + timedelta(minutes=1)

    assert chathours.poll(client, InProcessSink(), now=soon) == {"wenurses": 2}
    for message in second:
        x.publish(message, stream=False)
    assert chathours.poll(client, InProcessSink(), now=soon + timedelta(minutes=1)) == {"wenurses": 1}

    assert archived_ids() == tweet_ids(first + second)
    assert served(fake_x) == 150  # each tweet read once


def test_stream_lines_of_a_chat_on_count_as_chat_hours(wenurses, wemidwives):
    chat(wenurses, starts_in=-timedelta(minutes=10))
    nurses = [orjson.dumps(m) for m in plain_messages(5, tag="WeNurses")]
    midwives = [orjson.dumps(m) for m in plain_messages(3, tag="WeMidwives", first_id=1_800_000_000_000_000_100)]

    record_reads([*nurses, b"", b"not json", *midwives])

    assert dict(XRead.objects.values_list("purpose", "posts")) == {ledger.CHAT_HOURS: 5, ledger.BETWEEN_CHATS: 3}
