"""Stored suggestions follow the member's graph and activity: after a follow-graph read (the
real signal, the real task run eagerly), after badges say a member's activity changed, and
nightly for everyone."""

from __future__ import annotations

import pytest

from suggestions import refresh, tasks
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def stored(user) -> set[str]:
    return set(Suggestion.objects.filter(member=user).values_list("account__handle", flat=True))


@pytest.fixture
def replied(world, people):
    first = world.tweet(people.alice)
    world.tweet(people.carol, reply_to=first)
    world.derive()
    refresh.refresh()
    assert stored(people.alice_user) == {"carol"}
    return people


def test_it_refreshes_a_member_after_their_follow_graph_is_read(world, replied, django_capture_on_commit_callbacks):
    from members.signals import send_follow_graph_changed

    people = replied
    # The read found that alice now follows carol and that erin follows alice.
    world.follow(people.alice, people.carol)
    world.follow(people.erin, people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        send_follow_graph_changed([people.alice.id])
    assert stored(people.alice_user) == {"erin"}
    assert Suggestion.objects.get(member=people.alice_user).reasons == ["follows you"]


def test_it_refreshes_members_whose_activity_badges_say_changed(world, replied, django_capture_on_commit_callbacks):
    from badges.signals import send_members_changed

    people = replied
    world.tweet(people.alice, mentions=[people.frank])
    world.derive()
    with django_capture_on_commit_callbacks(execute=True):
        send_members_changed([people.alice_user.pk])
    assert stored(people.alice_user) == {"carol", "frank"}


def test_it_refreshes_everyone_nightly_and_leaves_others_alone_for_one(world, replied):
    people = replied
    first = world.tweet(people.bob)
    world.tweet(people.frank, reply_to=first)
    world.derive()
    tasks.refresh_members.delay([people.alice_user.pk])
    assert stored(people.bob_user) == set()
    tasks.refresh_all.delay()
    assert stored(people.bob_user) == {"frank"}


def test_it_runs_the_same_statements_for_one_member_as_for_many(world, replied, django_assert_max_num_queries):
    # Nine evidence statements, the membership and suggestibility of the accounts found, the
    # public lists, the dismissals, the viewers, the Wes, and the replacement.
    with django_assert_max_num_queries(20):
        refresh.refresh([replied.alice_user.pk])
    with django_assert_max_num_queries(20):
        refresh.refresh()


def test_it_is_refreshed_nightly_after_the_badges(settings):
    beat = settings.CELERY_BEAT_SCHEDULE
    ours, badges = beat["refresh-suggestions"]["schedule"], beat["recompute-badges"]["schedule"]
    assert beat["refresh-suggestions"]["task"] == "suggestions.refresh_all"
    assert (min(ours.hour), min(ours.minute)) > (min(badges.hour), min(badges.minute))
