"""Members comment on published posts: shown oldest first with author, avatar and UK time;
rate limit, honeypot and length limit each with a clear message."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Comment

pytestmark = pytest.mark.django_db


def test_it_invites_visitors_to_log_in_and_come_back(client, published_post):
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert "Log in with X to comment" in page
    assert f'href="/accounts/login/?next=%2Fblog%2F{published_post.slug}%2F"' in page
    assert "<textarea" not in page


def test_it_posts_a_comment_and_shows_it(client, published_post, bob, bob_account):
    client.force_login(bob)
    response = client.post(f"/blog/{published_post.slug}/comments/", {"body": "Thanks!\nSee https://example.org"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/blog/{published_post.slug}/#comment-{comment.pk}"
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert "Your comment is posted." in page
    assert 'Thanks!<br>See <a href="https://example.org" rel="nofollow ugc">https://example.org</a>' in page
    assert "@BobPhysio" in page and 'src="https://pbs.twimg.com/bob.jpg"' in page


def test_it_shows_comments_oldest_first_in_uk_time(client, published_post, bob, alice):
    Comment.objects.create(
        post=published_post, author=bob, body="Second", created_at=datetime(2016, 5, 15, 9, 0, tzinfo=UTC)
    )
    Comment.objects.create(
        post=published_post, author=alice, body="First", created_at=datetime(2016, 5, 14, 20, 57, tzinfo=UTC)
    )
    Comment.objects.create(
        post=published_post, author=bob, body="Winter", created_at=datetime(2016, 12, 1, 20, 57, tzinfo=UTC)
    )
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert page.index("First") < page.index("Second") < page.index("Winter")
    assert "14 May 2016 21:57" in page  # British Summer Time
    assert "1 Dec 2016 20:57" in page  # Greenwich Mean Time


def test_it_says_when_a_comment_is_empty(client, published_post, bob):
    client.force_login(bob)
    response = client.post(f"/blog/{published_post.slug}/comments/", {"body": "   "})
    assert response.status_code == 400
    assert "Write a comment before posting." in response.content.decode()
    assert not Comment.objects.exists()


def test_it_says_when_a_comment_is_too_long(client, published_post, bob):
    client.force_login(bob)
    response = client.post(f"/blog/{published_post.slug}/comments/", {"body": "a" * 2001})
    assert response.status_code == 400
    assert "Comments can be up to 2,000 characters; yours has 2,001. Please shorten it." in response.content.decode()
    assert not Comment.objects.exists()


def test_it_turns_away_a_filled_honeypot(client, published_post, bob):
    client.force_login(bob)
    response = client.post(
        f"/blog/{published_post.slug}/comments/", {"body": "Buy now", "website": "http://spam.example"}
    )
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.content.decode()
    assert not Comment.objects.exists()


def test_it_limits_a_member_to_five_comments_a_minute(client, published_post, bob, alice):
    client.force_login(bob)
    for n in range(5):
        assert client.post(f"/blog/{published_post.slug}/comments/", {"body": f"Comment {n}"}).status_code == 302
    response = client.post(f"/blog/{published_post.slug}/comments/", {"body": "One too many"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can post up to 5 comments a minute." in page
    assert "One too many</textarea>" in page  # the text is kept for the next try
    assert Comment.objects.count() == 5
    # The limit is per member.
    client.force_login(alice)
    assert client.post(f"/blog/{published_post.slug}/comments/", {"body": "Mine"}).status_code == 302


def test_it_does_not_count_rejected_comments_against_the_limit(client, published_post, bob):
    client.force_login(bob)
    for _ in range(6):
        client.post(f"/blog/{published_post.slug}/comments/", {"body": ""})
    assert client.post(f"/blog/{published_post.slug}/comments/", {"body": "Now"}).status_code == 302


def test_it_lets_a_member_delete_their_own_comment(client, published_post, bob):
    comment = Comment.objects.create(post=published_post, author=bob, body="Oops, wrong post")
    client.force_login(bob)
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert f'action="/blog/comments/{comment.pk}/delete/"' in page
    response = client.post(f"/blog/comments/{comment.pk}/delete/")
    assert response["Location"] == f"/blog/{published_post.slug}/#comments"
    assert not Comment.objects.exists()
    assert "Your comment is deleted." in client.get(published_post.get_absolute_url()).content.decode()


def test_it_offers_delete_only_on_my_own_comments(client, published_post, bob, alice):
    Comment.objects.create(post=published_post, author=bob, body="Bob's")
    client.force_login(alice)
    assert "Delete my comment" not in client.get(published_post.get_absolute_url()).content.decode()


def test_it_shows_a_post_with_its_comments_in_a_fixed_number_of_queries(
    client, published_post, bob, bob_account, alice
):
    # Compared with itself rather than pinned to a number: the site's header (other apps) adds its own.
    client.force_login(bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(published_post.get_absolute_url()).status_code == 200
        return len(context)

    Comment.objects.create(post=published_post, author=alice, body="First")
    queries()  # the first page of a session also fills the caches of the logged-in user
    with_one = queries()
    for n in range(10):
        Comment.objects.create(post=published_post, author=bob if n % 2 else alice, body=f"Comment {n}")
    assert queries() == with_one
