import random
import time
from datetime import timedelta

import pytest

from chats import attribution as chats
from chats.models import ChatTweet, Tweetchat
from tests.chats import chat_world as w
from tweets import archive
from tweets.models import Community
from tweets.payloads import AccountRecord, Parsed

pytestmark = pytest.mark.django_db

URL = "/chats/wenurses/2024-03-07/big-chat/"
TWEETS = 2_000


@pytest.fixture
def big_chat():
    """A 2,000-tweet chat: 300 people, a host asking six questions, replies (some in long
    chains), answers, retweets and quotes."""
    rng = random.Random(7)
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    people = [AccountRecord(id=10 + i, handle=f"nurse{i}", name=f"Nurse {i}", profile_at=w.START) for i in range(300)]
    records = []
    for i in range(TWEETS):
        tid = 10_000 + i
        at = w.START + timedelta(seconds=i * 3600 // TWEETS)
        author = 10 if i % 300 == 0 else 10 + rng.randrange(300)
        if i % 300 == 0:
            records.append(w.tweet(tid, author, at, f"Q{i // 300 + 1} What do you think? #WeNurses"))
        elif i % 10 == 0 and records:
            original = rng.choice(records)
            records.append(w.tweet(tid, author, at, "RT #WeNurses", kind="retweet", retweet_of=original.id))
        elif i % 3 == 0 and records:
            parent = records[-1] if i % 7 == 0 else rng.choice(records)
            records.append(w.tweet(tid, author, at, f"@x reply {i} #WeNurses", kind="reply", reply_to=parent.id))
        else:
            records.append(w.tweet(tid, author, at, f"A{i // 300 + 1} answer {i} #WeNurses"))
    archive.write(Parsed(tweets=records, accounts=people))
    chat = Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Big chat",
        slug="big-chat",
        questions=[f"Question {n}" for n in range(1, 8)],
        status=Tweetchat.Status.ARCHIVED,
        proposer_handle="nurse0",
    )
    chats.attribute([chat])
    assert ChatTweet.objects.filter(chat=chat).count() == TWEETS
    return chat


def test_the_transcript_of_a_2000_tweet_chat_takes_five_queries(client, big_chat, django_assert_num_queries):
    # the chat with its community, its hosts, its tweets with their authors, returning people,
    # and the handles of people who opted out of the archive (masked in tweets' text)
    with django_assert_num_queries(5):
        started = time.perf_counter()
        response = client.get(URL)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<li class="tweet ') == 1_807  # the 193 retweets are folded into counts
    assert "Q7" in page
    print(f"transcript of {TWEETS} tweets rendered in {elapsed * 1000:.0f} ms")


def test_the_network_comes_with_the_chat_and_adds_no_query(client, big_chat, django_assert_num_queries):
    from chats import network

    started = time.perf_counter()
    network.store([big_chat.pk])
    print(f"network of {TWEETS} tweets laid out in {(time.perf_counter() - started) * 1000:.0f} ms")
    with django_assert_num_queries(5):
        page = client.get(URL).content.decode()
    assert '<svg class="network"' in page


def test_the_exports_take_the_same_queries(client, big_chat, django_assert_num_queries):
    with django_assert_num_queries(5):
        response = client.get(URL + "transcript.jsonl")
        lines = b"".join(response.streaming_content).splitlines()
    assert len(lines) == TWEETS
