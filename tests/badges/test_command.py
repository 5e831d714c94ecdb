"""manage.py compute_badges and draw_badges."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from badges.models import Award, BadgeValue

from .conftest import T0

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("compute_badges", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_computes_every_member_with_all(world, people, alice, bob):
    world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(10)])
    output = run("--all")
    assert "2 members: 16 values changed, 1 levels awarded" in output
    assert BadgeValue.objects.get(member=alice, badge="hashtags").value == 10
    assert Award.objects.filter(member=alice, badge="hashtags", level=1).exists()


def test_by_default_it_computes_only_members_never_computed(world, people, alice, bob, django_user_model):
    run("--all")
    carol = django_user_model.objects.create(username="carol")
    people.carol.member = carol
    people.carol.save()
    assert "1 members" in run()
    assert BadgeValue.objects.get(member=carol, badge="hashtags").value == 1
    assert "No members to compute" in run()


def test_it_computes_named_members_and_badges(world, people, alice, bob):
    assert "1 members: 1 values changed" in run("--member", "@ALICE", "--badge", "hashtags")
    assert list(BadgeValue.objects.values_list("member__username", "badge")) == [("alice", "hashtags")]


def test_it_names_a_handle_it_does_not_know(world, people):
    with pytest.raises(CommandError, match="nobody"):
        run("--member", "nobody")


def test_the_artwork_is_up_to_date():
    out = StringIO()
    call_command("draw_badges", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_all_rebuilds_the_interactions_unless_told_to_trust_them(world, people, alice):
    # Written past the archive's signals, so nothing kept the interactions: only a rebuild sees them.
    world.tweets(people.alice, [T0 + timedelta(minutes=i) for i in range(10)], mentions=(people.carol,))
    run("--all", "--no-rebuild")
    assert BadgeValue.objects.get(member=alice, badge="engagement").value == 0
    run("--all")
    assert BadgeValue.objects.get(member=alice, badge="engagement").value == 10
