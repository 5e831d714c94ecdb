"""Every WeBlog view for each kind of visitor: anonymous, the post's author (alice), another
member (bob) and staff. Unpublished posts exist only for their author: everyone else gets a 404."""

import pytest

from blog.models import Comment, Post
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "author", "member", "staff"]


@pytest.fixture
def visitor(client, alice, bob, staff, alice_account, bob_account):
    def login_as(persona: str):
        users = {"author": alice, "member": bob, "staff": staff}
        if persona in users:
            client.force_login(users[persona])
        return client

    return login_as


def _is_login_redirect(response, next_path: str) -> bool:
    return (
        response.status_code == 302
        and response["Location"].startswith("/accounts/login/?next=")
        and (next_path.replace("/", "%2F") in response["Location"] or next_path in response["Location"])
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_index_and_feed_to_everyone(visitor, published_post, persona):
    client = visitor(persona)
    assert client.get("/blog/").status_code == 200
    assert client.get("/blog/feed/").status_code == 200
    assert client.get(published_post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", ["draft", "submitted", "declined"])
@pytest.mark.parametrize(
    ("persona", "expected"), [("anonymous", 404), ("author", 200), ("member", 404), ("staff", 404)]
)
def test_it_shows_an_unpublished_post_to_its_author_only(visitor, alice, staff, status, persona, expected):
    post = make_post(alice, status=status, moderator=staff)
    assert visitor(persona).get(post.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("status", ["draft", "submitted", "declined"])
def test_it_leaves_unpublished_posts_out_of_the_index_and_feed(client, alice, staff, status):
    make_post(alice, title="Secret draft", status=status, moderator=staff)
    assert "Secret draft" not in client.get("/blog/").content.decode()
    assert "Secret draft" not in client.get("/blog/feed/").content.decode()


@pytest.mark.parametrize(("persona", "expected"), [("author", 200), ("member", 200), ("staff", 200)])
def test_it_lets_any_member_open_the_editor(visitor, persona, expected):
    assert visitor(persona).get("/blog/new/").status_code == expected


@pytest.mark.parametrize("path", ["/blog/new/", "/blog/mine/"])
def test_it_sends_anonymous_writers_to_log_in(client, path):
    response = client.get(path)
    assert _is_login_redirect(response, path)


def test_it_creates_nothing_for_an_anonymous_post(client):
    response = client.post("/blog/new/", {"title": "Hi", "body": "x", "action": "save"})
    assert _is_login_redirect(response, "/blog/new/")
    assert not Post.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("author", 200), ("member", 404), ("staff", 404)])
def test_it_lets_only_the_author_edit(visitor, alice, persona, expected):
    post = make_post(alice)
    assert visitor(persona).get(f"/blog/{post.slug}/edit/").status_code == expected


def test_it_sends_an_anonymous_editor_to_log_in(client, alice):
    post = make_post(alice)
    assert _is_login_redirect(client.get(f"/blog/{post.slug}/edit/"), f"/blog/{post.slug}/edit/")


@pytest.mark.parametrize("persona", ["member", "staff"])
def test_it_refuses_an_edit_by_anyone_else(visitor, alice, persona):
    post = make_post(alice, title="Mine", body="original")
    response = visitor(persona).post(
        f"/blog/{post.slug}/edit/", {"title": "Theirs", "body": "changed", "action": "save"}
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert (post.title, post.body) == ("Mine", "original")


def test_it_does_not_let_the_author_edit_a_published_post(visitor, published_post):
    client = visitor("author")
    response = client.post(f"/blog/{published_post.slug}/edit/", {"title": "New", "body": "sneaky", "action": "save"})
    assert response.status_code == 302 and response["Location"] == published_post.get_absolute_url()
    published_post.refresh_from_db()
    assert published_post.body != "sneaky" and published_post.is_published


@pytest.mark.parametrize(
    ("persona", "expected_status", "expected_post_status"),
    [("anonymous", 302, "draft"), ("author", 302, "submitted"), ("member", 404, "draft"), ("staff", 404, "draft")],
)
def test_it_lets_only_the_author_submit(visitor, alice, persona, expected_status, expected_post_status):
    post = make_post(alice)
    response = visitor(persona).post(f"/blog/{post.slug}/submit/")
    assert response.status_code == expected_status
    post.refresh_from_db()
    assert post.status == expected_post_status


def test_it_submits_only_by_post(visitor, alice):
    post = make_post(alice)
    assert visitor("author").get(f"/blog/{post.slug}/submit/").status_code == 405


def test_it_lists_only_my_own_posts(visitor, alice):
    make_post(alice, title="Alice's draft")
    client = visitor("author")
    assert "Alice&#x27;s draft" in client.get("/blog/mine/").content.decode()
    client.logout()
    assert "Alice&#x27;s draft" not in visitor("member").get("/blog/mine/").content.decode()


@pytest.mark.parametrize(("persona", "comments"), [("author", 1), ("member", 1), ("staff", 1)])
def test_it_lets_every_member_comment(visitor, published_post, persona, comments):
    response = visitor(persona).post(f"/blog/{published_post.slug}/comments/", {"body": "Thank you!"})
    assert response.status_code == 302
    assert Comment.objects.filter(post=published_post).count() == comments


def test_it_sends_an_anonymous_commenter_to_log_in_and_back(client, published_post):
    response = client.post(f"/blog/{published_post.slug}/comments/", {"body": "Thank you!"})
    assert _is_login_redirect(response, published_post.get_absolute_url())
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 404), ("member", 404), ("staff", 404)])
def test_it_hides_a_draft_from_commenters(visitor, alice, persona, expected):
    post = make_post(alice)
    assert visitor(persona).post(f"/blog/{post.slug}/comments/", {"body": "hi"}).status_code == expected
    assert not Comment.objects.exists()


def test_it_does_not_take_comments_on_the_authors_own_draft(visitor, alice):
    post = make_post(alice)
    response = visitor("author").post(f"/blog/{post.slug}/comments/", {"body": "hi"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected_status", "remaining"),
    [("anonymous", 302, 1), ("author", 404, 1), ("member", 302, 0), ("staff", 404, 1)],
)
def test_it_lets_only_the_commenter_delete_a_comment(visitor, published_post, bob, persona, expected_status, remaining):
    # Here bob ("member") wrote the comment; alice wrote the post.
    comment = Comment.objects.create(post=published_post, author=bob, body="Mine")
    response = visitor(persona).post(f"/blog/comments/{comment.pk}/delete/")
    assert response.status_code == expected_status
    assert Comment.objects.count() == remaining


def test_it_deletes_comments_only_by_post(visitor, published_post, bob):
    comment = Comment.objects.create(post=published_post, author=bob, body="Mine")
    assert visitor("member").get(f"/blog/comments/{comment.pk}/delete/").status_code == 405
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"), [("anonymous", False), ("author", False), ("member", False), ("staff", True)]
)
@pytest.mark.parametrize("page", ["/admin/blog/post/", "/admin/blog/postforreview/", "/admin/blog/comment/"])
def test_it_opens_moderation_to_staff_only(visitor, published_post, persona, allowed, page):
    response = visitor(persona).get(page)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("persona", "sees_hidden"), [("anonymous", False), ("author", False), ("member", False), ("staff", True)]
)
def test_it_shows_hidden_comments_to_staff_only(visitor, published_post, bob, staff, persona, sees_hidden):
    Comment.objects.create(post=published_post, author=bob, body="Spam spam spam")
    Comment.objects.all().hide(staff, "Advertising")
    page = visitor(persona).get(published_post.get_absolute_url()).content.decode()
    assert ("Spam spam spam" in page) == sees_hidden
    assert ("Advertising" in page) == sees_hidden
