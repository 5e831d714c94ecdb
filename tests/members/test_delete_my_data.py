"""Delete my data, across the apps: after it, the member's handle is in no table but the public
archive of their tweets, and in no cache entry, theirs or another member's that listed them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import models
from django.test import Client

from blog.models import Comment, Post
from chats.models import Tweetchat
from dashboards import wordclouds
from dashboards.boards import BOARDS
from dashboards.pages import set_all_shared
from tests.dashboards.conftest import World
from tests.members.conftest import ALICE_X_ID, BOB_X_ID
from tweets.models import Account

pytestmark = pytest.mark.django_db
HANDLE = "alice_rn"
# The public archive: the member's X account and their tweets (and tweets that mention them).
ARCHIVE = {"tweets.Account", "tweets.Tweet", "tweets.TweetMention"}


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this test's own (a key prefix on a shared Redis), so that it can read all of it."""
    prefix = f"test-del-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    yield
    caches["default"].clear() if not settings.REDIS_URL else _redis_delete(settings.REDIS_URL, prefix)


def _redis_delete(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def cache_entries() -> list[tuple[str, bytes]]:
    """Every (key, stored bytes) of this test's cache."""
    backend = caches["default"]
    if hasattr(backend._cache, "get_client"):
        client = backend._cache.get_client(write=False)
        pattern = backend.make_key("*")
        return [(k.decode(), client.get(k) or b"") for k in client.scan_iter(match=pattern)]
    return [(k, v if isinstance(v, bytes) else repr(v).encode()) for k, v in backend._cache.items()]


def rows_naming(handle: str) -> dict[str, int]:
    """label → rows with the handle in any text column, for every table outside the archive."""
    found = {}
    for model in apps.get_models():
        if model._meta.label in ARCHIVE or model._meta.proxy:
            continue
        text = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        query = models.Q()
        for name in text:
            query |= models.Q(**{f"{name}__icontains": handle})
        if text and (n := model.objects.filter(query).count()):
            found[model._meta.label] = n
    return found


@pytest.fixture
def alice_everywhere(client, x, login, django_capture_on_commit_callbacks):
    """Alice logged in with X (her follow graph read: bob follows her), wrote posts and comments,
    shares her dashboards; bob is a member too, whose followers page lists her."""
    login()
    alice = get_user_model().objects.get(username=HANDLE)
    bob = get_user_model().objects.create_user("bob")
    Account.objects.filter(id=int(BOB_X_ID)).update(member=bob)
    world = World()
    at = datetime(2024, 1, 11, 20, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        world.tweet(Account.objects.get(id=int(ALICE_X_ID)), at)
        world.tweet(Account.objects.get(id=int(BOB_X_ID)), at, tags=("weahps",))
        world.follow(Account.objects.get(id=int(ALICE_X_ID)), Account.objects.get(id=int(BOB_X_ID)))

    Tweetchat.objects.create(  # a chat she proposed as guest host
        community=world.wenurses, start=at, end=at + timedelta(hours=1), topic="Night shifts", slug="night-shifts",
        proposer_name="Alice", proposer_handle=HANDLE, proposer_email=f"{HANDLE}@example.org",
    )
    published = Post.objects.create(author=alice, title="Notes from @alice_rn", body="By @alice_rn.")
    Post.objects.filter(pk=published.pk).update(status=Post.Status.PUBLISHED, published_at=at)
    Post.objects.create(author=alice, title="Draft", body="Signed, alice_rn")
    bobs = Post.objects.create(author=bob, title="Bob's", body="Hello", status=Post.Status.PUBLISHED, published_at=at)
    Comment.objects.create(post=bobs, author=alice, body="Thanks! — alice_rn")
    Comment.objects.create(post=published, author=bob, body="Great post, @alice_rn")
    set_all_shared(alice.pk, set(BOARDS))
    for kind in ("followers", "following"):
        wordclouds.redraw(alice.pk, kind)

    for path in ["/mywe/", "/mywe/followers/", "/mywe/following/", "/blog/", published.get_absolute_url()]:
        assert client.get(path).status_code == 200, path
    visitor = Client()
    for path in [f"/u/{HANDLE}/", f"/u/{HANDLE}/followers/", f"/u/{HANDLE}/preview.png"]:
        assert visitor.get(path).status_code == 200, path
    as_bob = Client()
    as_bob.force_login(bob)
    assert f"@{HANDLE}" in as_bob.get("/mywe/following/").content.decode()
    return alice


def test_nothing_names_the_member_after_they_delete_their_data(client, alice_everywhere, django_capture_on_commit_callbacks):
    assert any(HANDLE.encode() in key.encode() + value for key, value in cache_entries())
    assert rows_naming(HANDLE)  # posts, comments, the username, allauth's copy of the profile
    phone = Client()
    phone.force_login(alice_everywhere)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/privacy/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert phone.get("/mywe/").status_code == 302  # logged out on every device
    assert rows_naming(HANDLE) == {}
    assert [key for key, value in cache_entries() if HANDLE.encode() in key.encode() + value] == []
    assert Account.objects.filter(handle=HANDLE).count() == 1  # the public archive stays
    visitor = Client()
    assert visitor.get(f"/u/{HANDLE}/").status_code == 404
    assert visitor.get("/blog/").content.decode().count("alice_rn") == 0
    # Bob's post stays, without Alice's comment; Alice's posts and bob's comment on them are gone.
    assert list(Post.objects.values_list("title", flat=True)) == ["Bob's"]
    assert not Comment.objects.exists()


def test_the_privacy_page_says_what_goes_before_the_member_confirms(client, x, login):
    login()
    page = client.get("/accounts/privacy/").content.decode()
    assert "your published posts, your drafts and posts awaiting" in page
    assert "your comments on anyone's posts" in page
    assert "Your public hashtag tweets stay in the archive" in page
