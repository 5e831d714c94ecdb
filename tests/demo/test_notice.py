"""While `make demo`'s second process finishes the world, chat and #MyWe pages say why CPD,
suggestions, clouds and networks are not there yet (demo/middleware.py); once it is done they
say nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from demo.middleware import NOTICE
from demo.models import Build

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_the_notice(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "demo.middleware.UnfinishedWorldNotice"]


def a_build(finished: bool) -> Build:
    now = timezone.now()
    return Build.objects.create(size="small", seed=1, now=now, first_done_at=now, finished_at=now if finished else None)


def test_pages_say_the_world_is_still_being_finished(client, with_the_notice):
    a_build(finished=False)
    page = client.get("/chats/").content.decode()
    assert "The demo world is still being finished in the background" in page
    assert NOTICE.split(":")[0] in page


def test_they_say_nothing_once_it_is_finished(client, with_the_notice):
    build = a_build(finished=False)
    assert "still being finished" in client.get("/chats/").content.decode()
    build.finished_at = timezone.now()
    build.save()
    cache.clear()  # the answer is remembered for a few seconds
    assert "still being finished" not in client.get("/chats/").content.decode()


def test_other_pages_and_a_world_built_in_one_go_say_nothing(client, with_the_notice):
    a_build(finished=False)
    assert "still being finished" not in client.get("/blog/").content.decode()
    Build.objects.all().delete()
    cache.clear()
    assert "still being finished" not in client.get("/chats/").content.decode()
