"""Every metric on hand-built worlds with known answers, edge cases included."""

from __future__ import annotations

from datetime import timedelta

import pytest

from badges import derived, metrics
from tests.blog.conftest import make_post

from .conftest import T0

pytestmark = pytest.mark.django_db


def value(badge: str, member) -> int:
    derived.rebuild()
    return metrics.values(badge).get(member.pk, 0)


def test_it_counts_tweets_with_any_community_hashtag_once(world, people, alice):
    world.tweet(people.alice, T0, tags=("wenurses",))
    world.tweet(people.alice, T0 + timedelta(minutes=1), tags=("wenurses", "wemidwives"))  # once
    world.tweet(people.alice, T0 + timedelta(minutes=2), tags=("coffee",))  # not a community hashtag
    gone = world.tweet(people.alice, T0 + timedelta(minutes=3), tags=("wemidwives",))
    world.delete(gone)
    assert value("hashtags", alice) == 2


def test_it_counts_engagement_per_tweet_and_partner_with_other_community_members(world, people, alice, bob):
    a, b, c, d = people.alice, people.bob, people.carol, people.dave
    carols = world.tweet(c, T0)
    bobs = world.tweet(b, T0)
    t = T0 + timedelta(minutes=5)
    world.tweet(a, t, reply_to=bobs, mentions=(b,))  # reply + mention of bob: 1
    own = world.tweet(a, t)
    world.tweet(a, t, reply_to=own, mentions=(a,))  # a self-reply: 0
    world.tweet(a, t, mentions=(d,))  # dave is not a community member: 0
    world.tweet(a, t, mentions=(b, c))  # two partners: 2
    world.tweet(a, t, quote=bobs)  # a quote: 1
    world.tweet(a, t, retweet=carols, mentions=(c, b))  # a retweet: carol only, 1
    gone = world.tweet(a, t, mentions=(c,))
    world.delete(gone)  # deleted: 0
    assert value("engagement", alice) == 5
    assert value("engagement", bob) == 0


def test_it_counts_a_retweet_of_a_retweet_once_with_the_original_author(world, people, alice, bob):
    carols = world.tweet(people.carol, T0)
    bobs_retweet = world.tweet(people.bob, T0 + timedelta(minutes=1), retweet=carols, mentions=(people.carol,))
    # X names the original as the retweeted tweet: a retweet of bob's retweet is one of carol's.
    world.tweet(people.alice, T0 + timedelta(minutes=2), retweet=carols, mentions=(people.carol,))
    # A payload that did not say whose the retweeted tweet was, pointing at bob's retweet: the
    # archive resolves it to the original's author.
    world.tweet(people.alice, T0 + timedelta(minutes=3), retweet=bobs_retweet, unknown_author=True)
    # … and one pointing at carol's tweet itself.
    world.tweet(people.alice, T0 + timedelta(minutes=4), retweet=carols, unknown_author=True)
    assert value("engagement", bob) == 1
    assert value("engagement", alice) == 3  # carol three times, never bob


def test_it_stops_counting_engagement_with_someone_whose_only_community_tweet_is_deleted(world, people, alice):
    erin = world.account("erin")
    only = world.tweet(erin, T0)
    world.tweet(people.alice, T0 + timedelta(minutes=1), mentions=(erin,))
    assert value("engagement", alice) == 1
    world.delete(only)
    assert value("engagement", alice) == 0


def test_it_counts_follow_edges_only_with_community_members(world, people, alice, bob):
    a, b, c, d = people.alice, people.bob, people.carol, people.dave
    world.tweet(a, T0)  # alice is a community member too
    for follower in (b, c, d):
        world.follow(follower, a)
    for followee in (b, d):
        world.follow(a, followee)
    assert value("followers", alice) == 2  # bob and carol; dave is no community member
    assert value("following", alice) == 1  # bob
    assert value("following", bob) == 1  # bob follows alice
    assert value("followers", bob) == 1


def test_it_counts_someone_as_a_community_member_once_they_tweet_a_community_hashtag(world, people, alice):
    frank = world.account("frank")
    world.follow(frank, people.alice)
    assert value("followers", alice) == 0
    world.tweet(frank, T0, tags=("wemidwives",))
    assert value("followers", alice) == 1


def test_it_counts_distinct_chats_inside_the_window_and_its_grace(world, people, alice):
    a = people.alice
    inside = world.chat(world.wenurses, T0)
    early = world.chat(world.wenurses, T0 + timedelta(days=7))
    late = world.chat(world.wenurses, T0 + timedelta(days=14))
    other_we = world.chat(world.wemidwives, T0 + timedelta(days=1))
    declined = world.chat(world.wenurses, T0 + timedelta(days=21), status="declined")
    world.tweet(a, inside.start + timedelta(minutes=10))
    world.tweet(a, inside.start + timedelta(minutes=20))  # the same chat again
    world.tweet(a, early.start - timedelta(minutes=15))  # the grace before: counts
    world.tweet(a, late.end + timedelta(minutes=16))  # past the grace: no
    world.tweet(a, other_we.start + timedelta(minutes=5), tags=("wenurses",))  # wrong hashtag: no
    world.tweet(a, declined.start + timedelta(minutes=5))  # declined chats collect nothing
    gone = world.tweet(a, other_we.start + timedelta(minutes=6), tags=("wemidwives",))
    world.delete(gone)
    world.attribute()
    assert value("chats", alice) == 2


def test_it_counts_archived_chats_hosted(world, people, alice, bob):
    world.chat(world.wenurses, T0, hosts=[people.alice, people.bob])
    world.chat(world.wenurses, T0 + timedelta(days=7), hosts=[people.alice])
    world.chat(world.wenurses, T0 + timedelta(days=14), hosts=[people.alice], status="scheduled")
    world.chat(world.wenurses, T0 + timedelta(days=21), hosts=[people.alice], status="declined")
    assert value("chat-host", alice) == 2
    assert value("chat-host", bob) == 1


def test_it_counts_published_posts_and_visible_comments_on_them(world, people, alice, bob, staff):
    published = make_post(alice, title="Published", status="published", moderator=staff)
    make_post(alice, title="Declined", status="declined", moderator=staff)
    make_post(alice, title="Draft")
    bobs_declined = make_post(bob, title="Bob's declined", status="declined", moderator=staff)
    from blog.models import Comment

    Comment.objects.create(post=published, author=bob, body="Thank you!")
    hidden = Comment.objects.create(post=published, author=bob, body="Spam")
    Comment.objects.filter(pk=hidden.pk).hide(staff, "spam")
    Comment.objects.create(post=bobs_declined, author=bob, body="On my own declined post")
    Comment.objects.create(post=published, author=staff, body="Staff has no X account")
    assert value("weblog", alice) == 1
    assert value("weblog", bob) == 0
    assert value("blog-comment", bob) == 1
    assert value("blog-comment", alice) == 0


def test_it_restricts_a_metric_to_the_members_asked_for(world, people, alice, bob):
    world.tweet(people.alice, T0)
    world.tweet(people.bob, T0)
    derived.rebuild()
    assert metrics.values("hashtags", [bob.pk]) == {bob.pk: 2}
    assert metrics.values("hashtags", []) == {}
    assert metrics.values("hashtags") == {alice.pk: 1, bob.pk: 2}


def test_it_dates_each_threshold_with_the_item_that_crossed_it(world, people, alice):
    records = [world.tweet(people.alice, T0 + timedelta(hours=i)) for i in range(12)]
    derived.rebuild()
    measured = metrics.measure("hashtags")[alice.pk]
    assert measured.value == 12
    assert measured.crossed_at == {10: records[9].created_at}
