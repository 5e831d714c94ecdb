"""Incremental updates: the archive, the follow graph, chats and the blog each move the badges
of the members they touch, through the real signals, on commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from badges import awarding
from badges.models import Award, BadgeValue
from members.signals import send_follow_graph_changed
from tests.blog.conftest import make_post
from tweets.models import FollowEdge

from .conftest import T0

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def stored(member, badge: str) -> int:
    row = BadgeValue.objects.filter(member=member, badge=badge).first()
    return row.value if row else 0


def test_an_archived_batch_moves_its_authors_badges_on_commit(world, people, alice, django_capture_on_commit_callbacks):
    awarding.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        world.tweets(people.alice, [timezone.now() - timedelta(minutes=i) for i in range(10)])
    assert stored(alice, "hashtags") == 10
    assert Award.objects.get(member=alice, badge="hashtags", level=1).notified_at is None


def test_someone_becoming_a_community_member_moves_the_badges_of_members_related_to_them(
    world, people, alice, bob, django_capture_on_commit_callbacks
):
    erin = world.account("erin")
    world.tweet(erin, T0, tags=("coffee",))
    world.tweet(people.alice, T0, mentions=(erin,))
    world.follow(erin, people.bob)
    awarding.refresh()
    assert (stored(alice, "engagement"), stored(bob, "followers")) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        joined = world.tweet(erin, T0 + timedelta(days=1), tags=("wemidwives",))
    assert (stored(alice, "engagement"), stored(bob, "followers")) == (1, 1)
    # Her only community tweet deleted, she is no community member any more.
    with django_capture_on_commit_callbacks(execute=True):
        world.delete(joined)
    assert (stored(alice, "engagement"), stored(bob, "followers")) == (0, 0)


def test_deleting_tweets_revokes_levels_on_commit(world, people, alice, django_capture_on_commit_callbacks):
    records = world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(10)])
    awarding.refresh()
    assert Award.objects.filter(member=alice, badge="hashtags").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        world.delete(records[0])
    assert stored(alice, "hashtags") == 9
    assert not Award.objects.filter(member=alice, badge="hashtags").exists()


def test_more_deleted_tweets_than_a_message_carries_are_found_by_the_task_itself(
    world, people, alice, monkeypatch, django_capture_on_commit_callbacks
):
    from badges import receivers

    monkeypatch.setattr(receivers, "MAX_DELETED_IDS_IN_A_MESSAGE", 1)
    records = world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(10)])
    awarding.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        world.delete(*records[:3])
    assert stored(alice, "hashtags") == 7
    assert not Award.objects.filter(member=alice, badge="hashtags").exists()


def test_a_follow_graph_refresh_computes_the_member_and_the_other_ends(
    world, people, alice, bob, django_capture_on_commit_callbacks
):
    world.tweet(people.alice, T0)
    awarding.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        FollowEdge.objects.bulk_create(
            [
                FollowEdge(follower=people.bob, followee=people.alice, read_at=T0),
                FollowEdge(follower=people.carol, followee=people.alice, read_at=T0),
                FollowEdge(follower=people.alice, followee=people.bob, read_at=T0),
            ]
        )
        send_follow_graph_changed([people.alice.id])
    assert stored(alice, "followers") == 2
    assert stored(alice, "following") == 1
    assert stored(alice, "hashtags") == 1  # the member's first computation covers every badge
    assert stored(bob, "following") == 1  # bob is at the other end of an edge
    assert stored(bob, "followers") == 1


def test_publishing_a_post_moves_the_weblog_badge(world, people, alice, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_post(alice, status="published", moderator=staff)
    assert stored(alice, "weblog") == 1
    assert Award.objects.filter(member=alice, badge="weblog", level=1).exists()


def test_archiving_a_hosted_chat_moves_the_chat_host_badge(world, people, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        chat = world.chat(world.wenurses, T0, hosts=[people.alice], status="scheduled")
    assert stored(alice, "chat-host") == 0
    with django_capture_on_commit_callbacks(execute=True):
        chat.status = "archived"
        chat.save()
    assert stored(alice, "chat-host") == 1
    with django_capture_on_commit_callbacks(execute=True):
        chat.hosts.add(people.bob)
    assert stored(bob, "chat-host") == 1
    with django_capture_on_commit_callbacks(execute=True):
        chat.hosts.clear()
    assert (stored(alice, "chat-host"), stored(bob, "chat-host")) == (0, 0)


def test_deleting_a_members_data_deletes_their_awards(world, people, alice, bob):
    members_signals = pytest.importorskip("members.signals")
    world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(10)])
    world.tweets(people.bob, [T0 + timedelta(minutes=i) for i in range(10)])
    awarding.refresh()
    members_signals.member_data_deleted.send(sender="members", member_id=alice.pk)
    assert not Award.objects.filter(member=alice).exists()
    assert not BadgeValue.objects.filter(member=alice).exists()
    assert Award.objects.filter(member=bob).exists()


def test_a_batch_moves_a_member_on_from_their_stored_value_dating_the_level_by_its_crossing_tweet(
    world, people, alice, django_capture_on_commit_callbacks
):
    world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(8)])
    awarding.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        batch = world.tweets(people.alice, [T0 + timedelta(days=1, minutes=i) for i in range(5)])
    assert stored(alice, "hashtags") == 13
    assert Award.objects.get(member=alice, badge="hashtags", level=1).reached_at == batch[1].created_at


def test_a_batch_reaching_back_before_what_was_counted_is_counted_in_order(
    world, people, alice, django_capture_on_commit_callbacks
):
    recent = world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(8)])
    awarding.refresh()
    with django_capture_on_commit_callbacks(execute=True):
        older = world.tweets(people.alice, [T0 - timedelta(days=30, minutes=i) for i in range(3)])
    assert stored(alice, "hashtags") == 11
    # the tenth tweet by time: three old ones, then the seventh of the recent ones
    assert Award.objects.get(member=alice, badge="hashtags", level=1).reached_at == recent[6].created_at
    assert older


def test_a_batch_with_new_tweets_and_a_deletion_by_the_same_author_counts_both(
    world, people, alice, django_capture_on_commit_callbacks
):
    from tweets import archive
    from tweets.payloads import DeletionRecord, Parsed

    first = world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(10)])
    awarding.refresh()
    new = [world.record(people.alice, T0 + timedelta(days=1, minutes=i)) for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        archive.write(Parsed(tweets=new, deletions=[DeletionRecord(tweet_id=first[0].id)]), source="test")
    assert stored(alice, "hashtags") == 11
    assert Award.objects.get(member=alice, badge="hashtags", level=1).reached_at == new[0].created_at


def test_deleting_a_tweet_takes_its_engagement_away_and_leaves_the_authors_others(
    world, people, alice, django_capture_on_commit_callbacks
):
    from badges.models import Interaction

    kept = world.tweet(people.alice, T0, mentions=(people.bob,))
    doomed = world.tweet(people.alice, T0 + timedelta(hours=1), mentions=(people.bob, people.carol))
    awarding.refresh()
    assert stored(alice, "engagement") == 3
    with django_capture_on_commit_callbacks(execute=True):
        world.delete(doomed)
    assert stored(alice, "engagement") == 1
    assert Interaction.objects.filter(tweet_id=kept.id).exists()
    assert not Interaction.objects.filter(tweet_id=doomed.id).exists()


def test_a_batch_deleting_one_of_its_own_new_tweets_counts_it_nowhere(
    world, people, alice, django_capture_on_commit_callbacks
):
    from badges.models import Interaction
    from tweets import archive
    from tweets.payloads import DeletionRecord, Parsed

    world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(3)])
    awarding.refresh()
    new = [world.record(people.alice, T0 + timedelta(days=1, minutes=i), mentions=(people.bob,)) for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        archive.write(Parsed(tweets=new, deletions=[DeletionRecord(tweet_id=new[0].id)]), source="test")
    assert (stored(alice, "hashtags"), stored(alice, "engagement")) == (4, 1)
    assert not Interaction.objects.filter(tweet_id=new[0].id).exists()


def test_a_task_queued_without_the_deleted_tweets_still_finds_them(world, people, alice):
    """A task enqueued before the signal's deleted ids were passed on: the authors it names are
    searched for deleted tweets."""
    from badges import tasks

    world.tweet(people.alice, T0, mentions=(people.bob,))
    doomed = world.tweet(people.alice, T0 + timedelta(hours=1), mentions=(people.bob,))
    awarding.refresh()
    world.delete(doomed)  # on commit, never reached in the test's transaction: no task runs here
    tasks.update_for_tweets([people.alice.id], [])
    assert (stored(alice, "engagement"), stored(alice, "hashtags")) == (1, 1)
