import random

import pytest
from django.db.models import F

from blog.models import Comment, Post
from demo.blog import build_blog
from demo.world import COMMUNITIES, SIZES, DemoWorld
from tweets.models import Account, Community

pytestmark = pytest.mark.django_db


def _world(**made) -> DemoWorld:
    return DemoWorld(size=SIZES["small"], rng=random.Random(2016), made=dict(made))


def test_it_builds_published_posts_with_comments_by_demo_members(django_user_model):
    for name, display, *_ in COMMUNITIES:
        Community.objects.create(name=name, slug=name.lower(), hashtag=display[1:].lower(), display_hashtag=display)
    users = [django_user_model.objects.create_user(f"member{n}") for n in range(4)]
    for n, user in enumerate(users):
        Account.objects.create(id=500 + n, handle=f"Member{n}", member=user)
    build_blog(_world(member_user_ids=[u.pk for u in users]))

    published = Post.objects.published()
    assert published.count() >= 5
    assert set(published.values_list("author", flat=True)) <= {u.pk for u in users}
    assert all(post.comments.exists() for post in published)
    assert not Comment.objects.filter(author=F("post__author")).exists()  # nobody thanks themselves
    assert Post.objects.awaiting_review().count() == 1
    assert Post.objects.filter(status="declined").exclude(decline_reason="").count() == 1
    assert published.filter(communities__isnull=False).distinct().count() == published.count()


def test_it_gives_the_same_blog_when_run_again(django_user_model):
    build_blog(_world())
    counts = Post.objects.count(), Comment.objects.count(), django_user_model.objects.count()
    build_blog(_world())
    assert (Post.objects.count(), Comment.objects.count(), django_user_model.objects.count()) == counts


def test_it_makes_members_of_the_most_active_accounts_when_there_are_none(django_user_model):
    for n in range(5):
        Account.objects.create(id=900 + n, handle=f"Active{n}")
    build_blog(_world())
    authors = django_user_model.objects.filter(blog_posts__isnull=False).distinct()
    assert authors.exists()
    assert all(hasattr(user, "x_account") for user in authors)
