"""WeBlog personas: alice writes, bob comments, staff moderates. Alice and bob are registered
members (their users are linked to X accounts); staff is not."""

from __future__ import annotations

import uuid

import pytest

from blog import throttle
from blog.models import Post
from tweets.models import Account, Community


@pytest.fixture(autouse=True)
def quick_hashing(quick_passwords):
    """Every test here: quick password hashing (tests/conftest.py); they make three users each."""


@pytest.fixture(autouse=True)
def own_rate_limit_keys(monkeypatch):
    # The cache may be a Redis shared with other test runs whose user ids are the same numbers.
    monkeypatch.setattr(throttle, "KEY_PREFIX", f"test:{uuid.uuid4().hex[:12]}:blog-rate:")


@pytest.fixture
def alice_account(alice):
    return Account.objects.create(
        id=1001, handle="AliceRN", name="Alice Nurse", avatar_url="https://pbs.twimg.com/alice.jpg",
        bio="Ward sister. Tea.", member=alice,
    )  # fmt: skip


@pytest.fixture
def bob_account(bob):
    return Account.objects.create(
        id=1002, handle="BobPhysio", name="Bob", avatar_url="https://pbs.twimg.com/bob.jpg", member=bob
    )


@pytest.fixture
def wenurses():
    return Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")


@pytest.fixture
def wemidwives():
    return Community.objects.create(
        name="WeMidwives", slug="wemidwives", hashtag="wemidwives", display_hashtag="#WeMidwives"
    )


def make_post(author, title="Five tips for placement", body="Some **useful** tips.", status="draft", moderator=None):
    post = Post.objects.create(author=author, title=title, body=body)
    if status in {"submitted", "published", "declined"}:
        post.submit()
    if status == "published":
        post.publish(moderator)
    if status == "declined":
        post.decline(moderator, "Please add a source for the figures.")
    post.refresh_from_db()
    return post


@pytest.fixture
def published_post(alice, alice_account, staff, wenurses):
    post = make_post(alice, status="published", moderator=staff)
    post.communities.add(wenurses)
    return post
