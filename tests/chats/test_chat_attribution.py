from datetime import timedelta

import pytest
from django.core.management import call_command

from chats import attribution as chats
from chats.models import ChatTweet, Tweetchat
from tests.chats import chat_world as w
from tweets import archive
from tweets.models import Community
from tweets.payloads import DeletionRecord, Parsed

pytestmark = pytest.mark.django_db


def attributed(chat) -> set[int]:
    return set(ChatTweet.objects.filter(chat=chat).values_list("tweet_id", flat=True))


def test_it_attributes_by_hashtag_and_window_with_fifteen_minutes_grace():
    chat = w.build()
    # 100 (start−16) and 113 (end+16) fall outside; 109 has the wrong hashtag; 111 was deleted.
    assert attributed(chat) == {101, 102, 103, 104, 105, 106, 107, 108, 110, 112, 114}


def test_it_counts_the_grace_boundaries_exactly():
    chat = w.build()
    ids = attributed(chat)
    assert 101 in ids and 100 not in ids  # start − 15 min is in, start − 16 is out
    assert 112 in ids and 113 not in ids  # end + 15 min is in, end + 16 is out


def test_it_copies_the_author_onto_each_attribution():
    chat = w.build()
    assert ChatTweet.objects.get(chat=chat, tweet_id=103).author_id == w.ALICE


def test_it_is_idempotent():
    chat = w.build()
    before = ChatTweet.objects.count()
    assert chats.attribute([chat]) == 0
    assert chats.attribute_all() == 0
    assert ChatTweet.objects.count() == before


def test_it_attributes_nothing_to_proposals_or_declined_chats():
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    chat = w.build(community)
    Tweetchat.objects.filter(pk=chat.pk).update(status=Tweetchat.Status.PROPOSED)
    ChatTweet.objects.filter(chat=chat).delete()
    assert chats.attribute_all() == 0
    assert attributed(chat) == set()


def test_it_attributes_a_new_batch_when_the_archive_signals(django_capture_on_commit_callbacks):
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    chat = Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Why we nurse",
        slug="why-we-nurse",
        status=Tweetchat.Status.SCHEDULED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        archive.write(Parsed(tweets=w.chat_tweets(), accounts=w.accounts()))
    assert attributed(chat) == {101, 102, 103, 104, 105, 106, 107, 108, 110, 111, 112, 114}


def test_it_takes_a_batch_in_one_insert_whatever_its_size(django_assert_max_num_queries):
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Why we nurse",
        slug="why-we-nurse",
        status=Tweetchat.Status.SCHEDULED,
    )
    records = [w.tweet(1000 + i, w.ALICE, w.minutes(i % 60), f"tweet {i} #WeNurses") for i in range(900)]
    archive.write(Parsed(tweets=records, accounts=w.accounts()))
    # find the batch's hashtag spans, find the chats, one INSERT … SELECT
    with django_assert_max_num_queries(3):
        added = chats.attribute_batch([r.id for r in records])
    assert added == 900


def test_a_deleted_tweet_leaves_the_chat(django_capture_on_commit_callbacks):
    chat = w.build(delete=False)
    assert 105 in attributed(chat)
    with django_capture_on_commit_callbacks(execute=True):  # the chat hears of it on commit
        archive.write(Parsed(deletions=[DeletionRecord(tweet_id=105)]))
    assert 105 not in attributed(chat)
    chats.attribute_all()
    assert 105 not in attributed(chat)


def test_a_finished_chat_is_archived_after_a_last_attribution():
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    archive.write(Parsed(tweets=w.chat_tweets(), accounts=w.accounts()))
    chat = Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Why we nurse",
        slug="why-we-nurse",
        status=Tweetchat.Status.SCHEDULED,
    )
    assert chats.close_finished_chats(now=w.END + timedelta(minutes=10)) == 0  # grace not yet over
    assert chats.close_finished_chats(now=w.END + timedelta(minutes=16)) == 1
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.ARCHIVED
    assert 112 in attributed(chat)


def test_the_command_attributes_every_chat_and_archives_finished_ones():
    community = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses")
    archive.write(Parsed(tweets=w.chat_tweets(), accounts=w.accounts()))
    chat = Tweetchat.objects.create(
        community=community,
        start=w.START,
        end=w.END,
        topic="Why we nurse",
        slug="why-we-nurse",
        status=Tweetchat.Status.SCHEDULED,
    )
    call_command("attribute_chats", stdout=open("/dev/null", "w"))
    chat.refresh_from_db()
    assert chat.status == Tweetchat.Status.ARCHIVED
    assert len(attributed(chat)) == 12
