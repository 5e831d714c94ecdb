"""Each reason, alone in a world, produces its suggestion with its words; what must never be
suggested is not; and a reason never comes from another member's private lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from suggestions import refresh

from .conftest import T0

pytestmark = pytest.mark.django_db


def suggest(world, people, user=None) -> dict[str, list[str]]:
    world.derive()
    refresh.refresh()
    return world.suggestions_of(user or people.alice_user)


def test_it_suggests_whoever_replied_to_you_with_how_often(world, people):
    first = world.tweet(people.alice)
    for _ in range(4):
        world.tweet(people.carol, reply_to=first)
    assert suggest(world, people) == {"carol": ["replied to you 4 times"]}


def test_it_suggests_whoever_you_mentioned(world, people):
    world.tweet(people.alice, mentions=[people.erin])
    world.tweet(people.alice, mentions=[people.erin], at=T0 + timedelta(days=7))
    assert suggest(world, people) == {"erin": ["you replied to or mentioned them twice"]}


def test_it_suggests_the_people_you_were_in_chats_with(world, people):
    for week in range(6):
        start = T0 + timedelta(weeks=week)
        world.chat(world.wenurses, start)
        world.tweet(people.alice, at=start + timedelta(minutes=5))
        world.tweet(people.frank, at=start + timedelta(minutes=9))
    assert suggest(world, people) == {"frank": ["you were both in 6 #WeNurses chats"]}


def test_it_suggests_the_host_of_a_chat_you_joined(world, people):
    world.chat(world.wenurses, T0, topic="Safe staffing", hosts=[people.erin])
    world.tweet(people.alice, at=T0 + timedelta(minutes=5))
    assert suggest(world, people) == {"erin": ["hosted a chat you joined: “Safe staffing”"]}


def test_it_suggests_whoever_follows_you(world, people):
    world.follow(people.carol, people.alice)
    assert suggest(world, people) == {"carol": ["follows you"]}


def test_it_counts_people_you_follow_who_follow_them_publicly(world, people):
    from dashboards.models import Share

    # bob shares his Following dashboard: whom he follows is public, and alice follows him.
    Share.objects.create(member=people.bob_user, dashboard="following")
    world.follow(people.alice, people.bob)
    world.follow(people.bob, people.frank)
    assert suggest(world, people) == {"frank": ["followed by 1 person you follow"]}


def test_it_suggests_people_who_talk_about_what_you_talk_about(world, people):
    people.alice.bio = "Mental health nurse. Passionate about leadership and #compassion"
    people.alice.save()
    people.carol.bio = "Leadership in mental health services"
    people.carol.save()
    for who in (people.alice, people.carol):
        world.tweet(who, tags=("wenurses", "mhnurses"))
        world.tweet(who, tags=("wenurses", "mhnurses"), at=T0 + timedelta(days=1))
    found = suggest(world, people)
    assert list(found) == ["carol"]
    (reason,) = found["carol"]
    assert reason.startswith("talks about ") and reason.endswith(", like you")
    assert "mental health" in reason


def test_it_keeps_one_slot_for_someone_different(world, people):
    mia = world.account("mia_midwife")
    friends = [world.account(f"friend{i}") for i in range(3)]
    for f in friends:
        world.tweet(f)
        world.tweet(people.alice, mentions=[f])
        world.tweet(mia, tags=("wemidwives",), mentions=[f])
    for _ in range(4):
        world.tweet(mia, tags=("wemidwives",))
    world.derive()
    refresh.refresh()
    from suggestions.models import Suggestion

    slot = Suggestion.objects.shown_to(people.alice_user.pk).get(different=True)
    assert slot.account == mia
    assert slot.reasons[0] == "a #WeMidwives regular who talks with 3 of the people you talk with"


def test_it_never_suggests_whom_you_follow_or_dismissed_or_the_hidden(world, people, django_user_model):
    from suggestions import panel
    from suggestions.models import OptOut

    first = world.tweet(people.alice)
    gina_user = django_user_model.objects.create_user("gina")
    extra = {
        "gina": world.account("gina", member=gina_user),
        "prot": world.account("prot", protected=True),
        "gone": world.account("gone", deleted_at=T0),
        "anon": world.account("anon", archive_choice="anonymise"),  # opted out of the archive
        "removed": world.account("removed", archive_choice="remove"),
    }
    for who in [people.bob, people.carol, people.erin, people.frank, *extra.values()]:
        world.tweet(who)
        world.tweet(who, reply_to=first)
    world.follow(people.alice, people.bob)
    panel.dismiss(people.alice_user.pk, people.carol.id)
    OptOut.objects.create(member=gina_user)
    assert set(suggest(world, people)) == {"erin", "frank"}


def test_it_hides_at_once_whom_you_dismiss_follow_or_who_opts_out_or_is_deleted(world, people):
    first = world.tweet(people.alice)
    for who in (people.bob, people.carol, people.erin, people.frank):
        world.tweet(who, reply_to=first)
    assert set(suggest(world, people)) == {"bob_mw", "carol", "erin", "frank"}
    from suggestions import panel

    panel.dismiss(people.alice_user.pk, people.carol.id)
    world.follow(people.alice, people.erin)
    panel.set_opted_out(people.bob_user.pk, True)
    people.frank.deleted_at = T0
    people.frank.save()
    assert world.suggestions_of(people.alice_user) == {}


def test_it_never_builds_a_reason_from_another_members_private_lists(world, people):
    # bob keeps his lists private: alice follows him, he follows frank, and frank follows bob.
    world.follow(people.alice, people.bob)
    world.follow(people.bob, people.frank)
    world.follow(people.frank, people.bob)
    assert suggest(world, people) == {}


def test_it_suggests_nothing_to_a_member_with_no_community_tweets(world, people, django_user_model):
    quiet = world.account("quiet", member=django_user_model.objects.create_user("quiet"))
    world.follow(people.carol, quiet)
    world.tweet(quiet, tags=("coffee",))
    world.derive()
    refresh.refresh()
    assert world.suggestions_of(quiet.member) == {}


def test_it_reads_words_and_phrases_but_not_filler_from_a_bio():
    from suggestions.topics import bio_terms

    terms = bio_terms("Mental health nurse. Views my own! Love #tea and leadership")
    assert {"mental health", "mental", "health", "nurse", "leadership"} <= terms
    assert not {"views", "own", "love", "my", "nurse views"} & terms
    assert "health nurse" in terms and not any(" " in t and "leadership" in t for t in terms)
