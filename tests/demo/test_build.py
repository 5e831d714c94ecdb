"""The demo build in two parts: `make demo` serves once the first part is in and a second
process finishes the rest; the world is the one a single run builds, and a build stopped half
way is finished (or redone) by the next `make demo`."""

from __future__ import annotations

import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from chats.models import ChatNetwork
from cpd.models import Entry, Profile, Reflection
from dashboards.models import Share, WordCloud
from demo import build as demo_build
from demo.models import Build
from demo.world import SIZES, DemoWorld, build_archive, start_of_day
from suggestions.models import Suggestion
from tweets.models import Tweet

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def new_world(seed: int = 3) -> DemoWorld:
    return DemoWorld(size=SIZES["small"], rng=random.Random(seed), stdout=StringIO(), now=start_of_day(TODAY))


def later_part_fingerprint() -> dict:
    """What the later builders made, by natural keys (ids differ between builds)."""
    return {
        "networks": ChatNetwork.objects.count(),
        "clouds": sorted(WordCloud.objects.values_list("member__username", "kind", "input_hash")),
        "registers": sorted(Profile.objects.values_list("member__username", "register")),
        "entries": sorted(Entry.objects.values_list("member__username", "method", "title", "status")),
        "reflections": sorted(Reflection.objects.values_list("member__username", "entry__title")),
        "suggestions": Suggestion.objects.count(),
        "shares": sorted(Share.objects.values_list("member__username", "dashboard")),
    }


def test_the_first_part_then_the_later_one_build_the_world_one_run_builds():
    rollback = transaction.savepoint()
    demo_build.build_all(new_world(), "small", 3)
    in_one_run = later_part_fingerprint()
    assert Build.objects.get().finished_at is not None
    transaction.savepoint_rollback(rollback)

    assert not Tweet.objects.exists()
    demo_build.build_first(new_world(), "small", 3)
    # Served meanwhile: the archive, members and who shares are in; the later part is not.
    assert Tweet.objects.exists() and Share.objects.exists()
    assert not ChatNetwork.objects.exists() and not Entry.objects.exists() and not WordCloud.objects.exists()
    assert demo_build.unfinished() is not None
    # The later part runs in another process: it has only what the database holds.
    assert demo_build.finish(StringIO()) is not None
    assert demo_build.unfinished() is None
    assert in_one_run["networks"] > 0 and in_one_run["reflections"] and in_one_run["suggestions"] > 0
    assert later_part_fingerprint() == in_one_run
    assert demo_build.finish(StringIO()) is None  # nothing left to do


@pytest.fixture
def only_the_archive(monkeypatch):
    monkeypatch.setattr("demo.build.BUILDERS", (build_archive,))


def demo_data(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", "--size", "small", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_make_demo_s_second_run_keeps_the_world_and_finishes_an_unfinished_build(only_the_archive):
    assert "first part is ready" in demo_data("--if-empty", "--part", "first")
    tweets = Tweet.objects.count()
    assert Build.objects.get().finished_at is None
    assert "keeping the existing demo world" in demo_data("--if-empty", "--part", "first")
    assert "finished" in demo_data("--part", "later")
    assert Build.objects.get().finished_at is not None
    assert demo_data("--part", "later") == ""
    assert Tweet.objects.count() == tweets


def test_a_first_part_stopped_half_way_is_built_again(only_the_archive):
    demo_data("--if-empty", "--part", "first")
    Build.objects.update(first_done_at=None, rng_state=None)  # as if stopped before its end
    assert "keeping" not in demo_data("--if-empty", "--part", "first")
    assert Build.objects.get().first_done_at is not None
    assert demo_data("--part", "later").startswith("Demo world (small, seed 2016) finished")
