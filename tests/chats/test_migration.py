"""The move of the tweetchat models into this app keeps every row of a database built before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

LAST_BEFORE = ("tweets", "0002_quoted_retweeted_author_indexes")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([LAST_BEFORE, ("contenttypes", "0002_remove_content_type_name")]).apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_chat_host_and_attribution_of_a_database_built_before_the_move():
    old = migrate([LAST_BEFORE, ("chats", None)])
    Community, Account, Tweet = (old.get_model("tweets", m) for m in ("Community", "Account", "Tweet"))
    Tweetchat, ChatTweet = old.get_model("tweets", "Tweetchat"), old.get_model("tweets", "ChatTweet")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="tweets", model="tweetchat")
    start = datetime(2024, 3, 7, 20, tzinfo=UTC)
    nurses = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")
    alice = Account.objects.create(id=11, handle="alice_rn")
    chat = Tweetchat.objects.create(
        community=nurses, start=start, end=start + timedelta(hours=1), topic="Why we nurse", slug="why-we-nurse",
        questions=["Q1?"], status="archived",
    )
    chat.hosts.add(alice)
    tweet = Tweet.objects.create(id=101, author=alice, created_at=start + timedelta(minutes=5), text="#WeNurses")
    ChatTweet.objects.create(chat=chat, tweet=tweet, author_id=alice.id)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType as NewContentType

    from chats.models import ChatTweet as NewChatTweet
    from chats.models import Tweetchat as NewTweetchat

    moved = NewTweetchat.objects.get()
    assert (moved.pk, moved.topic, moved.questions, moved.status) == (chat.pk, "Why we nurse", ["Q1?"], "archived")
    assert list(moved.hosts.values_list("handle", flat=True)) == ["alice_rn"]
    assert list(NewChatTweet.objects.values_list("chat_id", "tweet_id", "author_id")) == [(chat.pk, 101, 11)]
    assert NewTweetchat._meta.db_table == "chats_tweetchat"
    assert "tweets_tweetchat" not in connection.introspection.table_names()
    assert NewContentType.objects.filter(app_label="chats", model="tweetchat").exists()
    assert not NewContentType.objects.filter(app_label="tweets", model="tweetchat").exists()
