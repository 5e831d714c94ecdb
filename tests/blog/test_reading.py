"""Readers see published posts: the index (newest first, paginated, by community), the post page
with its author card and Open Graph tags, and the Atom feed."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Comment, Post
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _publish(author, moderator, title, days_ago=0, communities=()):
    post = make_post(author, title=title, status="published", moderator=moderator)
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(days=days_ago))
    post.communities.set(communities)
    return post


def test_it_lists_published_posts_newest_first(client, alice, staff):
    _publish(alice, staff, "Older", days_ago=3)
    _publish(alice, staff, "Newest", days_ago=0)
    _publish(alice, staff, "Middle", days_ago=1)
    page = client.get("/blog/").content.decode()
    assert page.index("Newest") < page.index("Middle") < page.index("Older")


def test_it_pages_the_index(client, alice, staff):
    for n in range(12):
        _publish(alice, staff, f"Post number {n:02}", days_ago=n)
    first = client.get("/blog/").content.decode()
    assert "Post number 00" in first and "Post number 09" in first and "Post number 10" not in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/blog/?page=2").content.decode()
    assert "Post number 10" in second and "Post number 11" in second and "Post number 00" not in second
    assert client.get("/blog/?page=99").status_code == 200  # the last page, not an error


def test_it_filters_by_community(client, alice, staff, wenurses, wemidwives):
    _publish(alice, staff, "For nurses", communities=[wenurses])
    _publish(alice, staff, "For midwives", communities=[wemidwives])
    page = client.get("/blog/?community=wemidwives").content.decode()
    assert "For midwives" in page and "For nurses" not in page
    assert 'aria-current="page">#WeMidwives' in page
    assert client.get("/blog/?community=nope").status_code == 404


def test_it_shows_the_index_in_a_fixed_number_of_queries(client, alice, bob, staff, alice_account, wenurses):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/blog/").status_code == 200
        return len(context)

    _publish(alice, staff, "One", communities=[wenurses])
    with_one = queries()
    for n in range(8):
        post = _publish(bob if n % 2 else alice, staff, f"More {n}", communities=[wenurses])
        Comment.objects.create(post=post, author=bob, body="Thanks")
    assert queries() == with_one


def test_it_counts_only_visible_comments(client, published_post, bob, staff):
    Comment.objects.create(post=published_post, author=bob, body="Thanks")
    Comment.objects.create(post=published_post, author=bob, body="Spam")
    Comment.objects.filter(body="Spam").hide(staff, "Spam")
    assert "1 comment<" in client.get("/blog/").content.decode()


def test_it_shows_the_author_card(client, published_post):
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert "Alice Nurse" in page and "@AliceRN" in page
    assert 'src="https://pbs.twimg.com/alice.jpg"' in page
    assert "Ward sister. Tea." in page


def test_it_shows_a_member_without_an_x_account_by_username(client, bob, staff):
    post = make_post(bob, status="published", moderator=staff)
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="blog-member-name">bob</span>' in page


def test_it_describes_a_post_with_open_graph_tags(client, published_post, settings):
    settings.ALLOWED_HOSTS = ["mywe.test"]
    page = client.get(published_post.get_absolute_url(), HTTP_HOST="mywe.test:8101").content.decode()
    url = f"http://mywe.test:8101/blog/{published_post.slug}/"
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:title" content="{published_post.title}">' in page
    assert '<meta property="og:description" content="Some useful tips.">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:image" content="https://pbs.twimg.com/alice.jpg">' in page
    assert '<meta property="article:tag" content="#WeNurses">' in page
    assert '<meta name="twitter:creator" content="@AliceRN">' in page
    assert f'<link rel="canonical" href="{url}">' in page


def test_it_publishes_an_atom_feed(client, alice, staff, alice_account, wenurses, wemidwives):
    _publish(alice, staff, "For nurses", communities=[wenurses])
    _publish(alice, staff, "For midwives", days_ago=1, communities=[wemidwives])
    make_post(alice, title="Not yet", status="submitted")
    response = client.get("/blog/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["For nurses", "For midwives"]
    first = entries[0]
    assert first.find(f"{ATOM}author/{ATOM}name").text == "@AliceRN"
    assert first.find(f"{ATOM}category").get("term") == "#WeNurses"
    assert "<strong>useful</strong>" in first.findtext(f"{ATOM}summary")

    midwives = ET.fromstring(client.get("/blog/feed/?community=wemidwives").content)
    assert [e.findtext(f"{ATOM}title") for e in midwives.findall(f"{ATOM}entry")] == ["For midwives"]


def test_the_feed_links_to_the_address_it_was_asked_for(client, alice, staff, alice_account, wenurses, settings):
    settings.ALLOWED_HOSTS = ["mywe.test"]
    post = _publish(alice, staff, "For nurses", communities=[wenurses])
    feed = ET.fromstring(client.get("/blog/feed/?community=wenurses", HTTP_HOST="mywe.test:8101").content)
    links = [e.get("href") for e in feed.iter(f"{ATOM}link")]
    assert links == [
        "http://mywe.test:8101/blog/?community=wenurses",
        "http://mywe.test:8101/blog/feed/?community=wenurses",
        f"http://mywe.test:8101{post.get_absolute_url()}",
    ]
    assert feed.findtext(f"{ATOM}entry/{ATOM}id") == f"http://mywe.test:8101{post.get_absolute_url()}"


def test_it_links_the_feed_from_blog_pages(client, published_post):
    for path in ["/blog/", published_post.get_absolute_url()]:
        assert 'type="application/atom+xml"' in client.get(path).content.decode()


def test_every_time_on_a_post_is_a_valid_html_datetime(client, published_post):
    import re

    assert published_post.published_at.microsecond or published_post.updated_at.microsecond
    page = client.get(published_post.get_absolute_url()).content.decode()
    values = re.findall(r'datetime="([^"]*)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)", v) for v in values), values
