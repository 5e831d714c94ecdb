"""A member writes, previews, saves, submits and revises a post."""

import pytest

from blog.models import Post
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db


def test_it_saves_a_draft_with_its_communities(client, alice, wenurses, wemidwives):
    client.force_login(alice)
    response = client.post(
        "/blog/new/",
        {"title": "Five tips for placement", "body": "**Eat lunch.**", "communities": [wenurses.pk], "action": "save"},
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/blog/{post.slug}/edit/"
    assert post.slug == "five-tips-for-placement"
    assert (post.author, post.status) == (alice, "draft")
    assert post.body_html == "<p><strong>Eat lunch.</strong></p>"
    assert list(post.communities.all()) == [wenurses]
    assert "Draft saved" in client.get(response["Location"]).content.decode()


def test_it_previews_without_saving(client, alice):
    client.force_login(alice)
    response = client.post("/blog/new/", {"title": "Tips", "body": "# Heading\n\nText", "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Heading</h1>" in page and "not saved yet" in page
    assert not Post.objects.exists()


def test_it_submits_a_new_post_for_review(client, alice):
    client.force_login(alice)
    response = client.post("/blog/new/", {"title": "Tips", "body": "Text", "action": "submit"})
    assert response.status_code == 302 and response["Location"] == "/blog/mine/"
    post = Post.objects.get()
    assert post.status == "submitted" and post.submitted_at is not None
    page = client.get("/blog/mine/").content.decode()
    assert "Awaiting review" in page and "with the moderators" in page


def test_it_says_what_is_missing(client, alice):
    client.force_login(alice)
    response = client.post("/blog/new/", {"title": "", "body": "", "action": "save"})
    page = response.content.decode()
    assert "Give your post a title." in page and "Write something before saving." in page
    assert not Post.objects.exists()


def test_an_empty_post_is_sent_back_as_a_bad_request_with_a_summary_of_what_to_fix(client, alice):
    client.force_login(alice)
    response = client.post("/blog/new/", {"title": "", "body": "", "action": "submit"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('<div class="form-problem" role="alert" tabindex="-1" id="problems">')[1].split("</div>")[0]
    assert "Please check 2 things" in summary
    assert '<a href="#id_title">Title: Give your post a title.</a>' in summary and 'href="#id_body"' in summary
    assert "js/focus-problems.js" in page


def test_it_limits_the_length_of_a_post(client, alice):
    client.force_login(alice)
    response = client.post("/blog/new/", {"title": "Long", "body": "x" * 50_001, "action": "save"})
    assert "Posts can be up to 50,000 characters; this one has 50,001." in response.content.decode()


def test_it_gives_each_post_its_own_slug(alice):
    first = make_post(alice, title="Tips")
    second = make_post(alice, title="Tips")
    reserved = make_post(alice, title="New")
    untitled = make_post(alice, title="!!!")
    assert (first.slug, second.slug, reserved.slug, untitled.slug) == ("tips", "tips-2", "new-2", "post")


def test_it_shows_the_author_the_moderators_reason_and_lets_them_resubmit(client, alice, staff):
    post = make_post(alice, status="declined", moderator=staff)
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Declined" in page and "Please add a source for the figures." in page
    assert "Please add a source" in client.get("/blog/mine/").content.decode()
    assert "Please add a source" in client.get(f"/blog/{post.slug}/edit/").content.decode()

    client.post(f"/blog/{post.slug}/edit/", {"title": post.title, "body": "With a source.", "action": "submit"})
    post.refresh_from_db()
    assert (post.status, post.body) == ("submitted", "With a source.")


def test_it_takes_a_submitted_post_back_to_draft_when_saved(client, alice):
    post = make_post(alice, status="submitted")
    client.force_login(alice)
    client.post(f"/blog/{post.slug}/edit/", {"title": post.title, "body": "Still working on it", "action": "save"})
    post.refresh_from_db()
    assert post.status == "draft"


def test_it_tells_the_author_their_draft_is_private(client, alice):
    post = make_post(alice)
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Only you can see this page" in page
    assert 'name="robots" content="noindex"' in page
