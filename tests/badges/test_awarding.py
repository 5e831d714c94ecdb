"""Levels, their honest dates, revocation, and what a refresh writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from badges import awarding
from badges.models import Award, BadgeValue

from .conftest import T0

pytestmark = pytest.mark.django_db


def awards(member, badge="hashtags") -> dict[int, Award]:
    return {a.level: a for a in Award.objects.filter(member=member, badge=badge)}


def stored(member, badge="hashtags") -> int:
    return BadgeValue.objects.get(member=member, badge=badge).value


def test_it_awards_each_level_dated_by_the_tweet_that_crossed_it(world, people, alice):
    tweets = world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(50)])
    awarding.refresh()
    assert stored(alice) == 50
    held = awards(alice)
    assert sorted(held) == [1, 2]
    assert held[1].reached_at == tweets[9].created_at
    assert held[2].reached_at == tweets[49].created_at
    assert (held[1].value, held[2].value) == (10, 50)


def test_every_registered_member_gets_every_badge_value_even_zero(world, people, alice, bob):
    awarding.refresh()
    assert BadgeValue.objects.filter(member=alice).count() == 8
    assert stored(alice, "chats") == 0
    assert stored(bob) == 1


def test_it_revokes_a_level_when_deletions_bring_the_value_below_it(world, people, alice):
    tweets = [world.tweet(people.alice, T0 + timedelta(hours=i)) for i in range(10)]
    awarding.refresh()
    assert 1 in awards(alice)
    world.delete(tweets[3])
    summary = awarding.refresh()
    assert awards(alice) == {}
    assert stored(alice) == 9
    assert summary.revoked == 1


def test_a_deletion_before_the_threshold_dates_the_level_by_the_new_tenth_tweet(world, people, alice):
    tweets = world.tweets(people.alice, [T0 + timedelta(hours=i) for i in range(11)])
    awarding.refresh()
    world.delete(tweets[2])
    awarding.refresh()
    assert awards(alice)[1].reached_at == tweets[10].created_at


def test_older_history_arriving_later_dates_the_level_earlier(world, people, alice):
    recent = [world.tweet(people.alice, T0 + timedelta(hours=i)) for i in range(10)]
    awarding.refresh()
    assert awards(alice)[1].reached_at == recent[9].created_at
    old = [world.tweet(people.alice, T0 - timedelta(days=400 - i)) for i in range(10)]
    summary = awarding.refresh()
    assert awards(alice)[1].reached_at == old[9].created_at
    assert (summary.awarded, summary.redated) == (0, 1)


def test_older_history_of_several_members_redates_each_of_their_levels(world, people, alice, bob):
    for account in (people.alice, people.bob):
        world.tweets(account, [T0 + timedelta(hours=i) for i in range(10)])
    awarding.refresh()
    old = {
        member: world.tweets(account, [T0 - timedelta(days=400 - i, hours=h) for i in range(10)])
        for member, account, h in ((alice, people.alice, 0), (bob, people.bob, 1))
    }
    summary = awarding.refresh()
    assert summary.redated == 2
    assert {member: awards(member)[1].reached_at for member in old} == {m: t[9].created_at for m, t in old.items()}


def test_levels_reached_long_ago_arrive_silently_and_recent_ones_wait_to_be_told(world, people, alice, bob):
    now = timezone.now()
    for i in range(10):
        world.tweet(people.alice, T0 + timedelta(minutes=i))  # 2024: a backfill
        world.tweet(people.bob, now - timedelta(days=1, minutes=i))
    awarding.refresh(now=now)
    assert awards(alice)[1].notified_at == now
    assert awards(bob)[1].notified_at is None


def test_a_second_refresh_writes_nothing(world, people, alice):
    for i in range(12):
        world.tweet(people.alice, T0 + timedelta(minutes=i))
    awarding.refresh()
    summary = awarding.refresh()
    assert (summary.values_changed, summary.awarded, summary.revoked, summary.redated) == (0, 0, 0, 0)


def test_it_costs_the_same_queries_for_two_members_as_for_twenty(world, people, django_user_model):
    def queries() -> int:
        BadgeValue.objects.all().delete()
        Award.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            awarding.refresh()
        return len(ctx.captured_queries)

    for i in range(11):
        world.tweet(people.alice, T0 + timedelta(minutes=i), mentions=(people.carol,))
    few = queries()
    for n in range(18):
        user = django_user_model.objects.create(username=f"member{n}")
        account = world.account(f"member{n}", member=user)
        world.tweets(account, [T0 + timedelta(minutes=i) for i in range(11)], mentions=(people.carol,))
    assert queries() == few


def test_forgetting_a_member_removes_their_values_and_awards(world, people, alice, bob):
    for i in range(10):
        world.tweet(people.alice, T0 + timedelta(minutes=i))
    awarding.refresh()
    awarding.forget(alice.pk)
    assert not Award.objects.filter(member=alice).exists()
    assert not BadgeValue.objects.filter(member=alice).exists()
    assert BadgeValue.objects.filter(member=bob).exists()


def test_many_values_and_awards_travel_by_copy_and_upsert(postgres, django_user_model):
    from badges import store

    django_user_model.objects.bulk_create([django_user_model(username=f"u{i}") for i in range(300)])
    ids = list(django_user_model.objects.values_list("pk", flat=True))
    now = timezone.now()
    store.upsert_values([(m, b, 1, now, now) for m in ids for b in ("chats", "hashtags")])
    store.upsert_values([(m, b, 2, None, now) for m in ids for b in ("chats", "hashtags")])
    rows = [(m, "chats", 1, 1, now, now, None) for m in ids] + [(m, "chats", 2, 5, now, now, now) for m in ids]
    store.insert_awards(rows)
    store.insert_awards(rows)  # already there: left alone
    assert set(BadgeValue.objects.values_list("value", flat=True)) == {2}
    assert BadgeValue.objects.count() == 600
    assert Award.objects.count() == 600
    assert Award.objects.unnotified().count() == 300
