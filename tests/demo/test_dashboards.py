"""The demo builder: a few members share dashboards and their clouds are drawn ahead."""

from __future__ import annotations

import random

import pytest

from dashboards.models import Share, WordCloud
from demo import dashboards as demo
from demo.world import SIZES, DemoWorld
from tests.dashboards.conftest import fresh_cache, people, quick_and_in_process, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_it_shares_some_dashboards_of_the_most_engaged_members_and_draws_their_clouds(people):  # noqa: F811  (the fixture imported above)
    demo_world = DemoWorld(size=SIZES["small"], rng=random.Random(1))
    demo_world.made["member_user_ids"] = [people.alice_user.pk, people.bob_user.pk]
    demo.share_dashboards(demo_world)
    demo.build_clouds(demo_world)
    # alice's badges add up to more than bob's: she shares everything, bob a few.
    assert set(Share.objects.filter(member=people.alice_user).values_list("dashboard", flat=True)) == set(demo.SHARING[0])
    assert set(Share.objects.filter(member=people.bob_user).values_list("dashboard", flat=True)) == demo.SHARING[1]
    assert WordCloud.objects.filter(member=people.alice_user).count() == 2
    assert demo_world.made["sharing_member_ids"] == [people.alice_user.pk, people.bob_user.pk]


def test_it_draws_the_clouds_of_every_member_not_only_those_who_share(people, django_user_model):  # noqa: F811
    charlie = django_user_model.objects.create_user("charlie")
    people.world.account("charlie_ahp", member=charlie)
    members = [people.alice_user.pk, people.bob_user.pk, charlie.pk]
    demo_world = DemoWorld(size=SIZES["small"], rng=random.Random(1), made={"member_user_ids": members})
    demo.SHARING, before = demo.SHARING[:1], demo.SHARING  # only alice shares
    try:
        demo.share_dashboards(demo_world)
        demo.build_clouds(demo_world)
    finally:
        demo.SHARING = before
    assert set(WordCloud.objects.values_list("member_id", "kind")) == {(m, k) for m in members for k in ("followers", "following")}
