"""A post body that would take Python-Markdown seconds or minutes is refused with a message
the author can act on, within a bound measured here; rendering itself stops at its time bound;
saves and previews are limited per minute."""

import html
import time

import pytest

from blog import rendering
from blog.models import Post
from tests.blog.conftest import make_post

pytestmark = pytest.mark.django_db

# Before the limits: 16.6 s and 274 s on a developer's machine.
NESTED_BRACKETS = "[" * 8000 + "]" * 8000
UNCLOSED_IMAGES = "![" * 25000
# The bound is generous: refusing takes milliseconds, rendering an ordinary long post well
# under a second; the time bound of the renderer itself is RENDER_SECONDS.
QUICK = 2.0


def _post(client, body, action="save", slug=None):
    url = f"/blog/{slug}/edit/" if slug else "/blog/new/"
    started = time.perf_counter()
    response = client.post(url, {"title": "Heavy", "body": body, "action": action})
    return response, time.perf_counter() - started


@pytest.mark.parametrize("body", [NESTED_BRACKETS, UNCLOSED_IMAGES], ids=["nested", "unclosed-images"])
@pytest.mark.parametrize("action", ["save", "preview", "submit"])
def test_a_body_of_brackets_is_refused_at_once_with_a_message(client, alice, body, action):
    client.force_login(alice)
    response, took = _post(client, body, action)
    assert took < QUICK
    assert response.status_code == 400
    assert "A paragraph has too many links or “[” brackets for its length." in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("---\n" * 10_000, "Posts can have up to 2,000 lines; this one has 10,000."),
        ("".join("    " * depth + "- a\n" for depth in range(40)), "A line is indented or quoted too deeply"),
        ("<a " * 2_000, "Posts can have up to 1,000 “<” signs; this one has 2,000."),
        ("x" * 50_001, "Posts can be up to 50,000 characters; this one has 50,001."),
    ],
    ids=["lines", "nesting", "angle-brackets", "length"],
)
def test_other_heavy_shapes_are_refused_with_what_to_change(client, alice, body, message):
    client.force_login(alice)
    response, took = _post(client, body)
    assert took < QUICK
    assert message in html.unescape(response.content.decode())
    assert not Post.objects.exists()


def test_an_ordinary_long_post_with_many_links_still_renders(client, alice):
    paragraph = " ".join(f"See [guide {n}](https://example.org/{n}) and **note** {n}." for n in range(12))
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}\n\n- <https://example.org/a>\n- two" for n in range(60))
    assert len(body) < rendering.MAX_LENGTH
    client.force_login(alice)
    response, took = _post(client, body)
    assert response.status_code == 302 and took < QUICK
    assert Post.objects.get().body_html.count('rel="nofollow ugc"') == 60 * 13


def test_rendering_stops_at_its_time_bound_whatever_the_input():
    started = time.perf_counter()
    with pytest.raises(rendering.TooComplex, match="too complex to format"):
        rendering._render_with_time_bound(UNCLOSED_IMAGES, seconds=0.5)
    assert time.perf_counter() - started < 0.5 + QUICK


def test_a_structure_too_deep_for_the_renderer_is_refused_not_an_error():
    deep = "".join("    " * depth + "- a\n" for depth in range(400))
    with pytest.raises(rendering.TooComplex):
        rendering._render_with_time_bound(deep)


def test_a_moderator_editing_a_post_in_the_admin_gets_the_same_message(client, alice, staff):
    post = make_post(alice, status="submitted")
    client.force_login(staff)
    response = client.post(
        f"/admin/blog/post/{post.pk}/change/",
        {"title": post.title, "slug": post.slug, "author": alice.pk, "body": UNCLOSED_IMAGES, "decision": ""},
    )
    assert response.status_code == 200
    assert "A paragraph has too many links" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Some **useful** tips."


def test_it_limits_saves_and_previews_to_twelve_a_minute_keeping_the_text(client, alice, bob):
    client.force_login(alice)
    for n in range(12):
        assert _post(client, f"Draft {n}", action="preview")[0].status_code == 200
    response, _ = _post(client, "My thirteenth go")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can save or preview up to 12 times a minute." in page
    assert "My thirteenth go</textarea>" in page
    assert not Post.objects.exists()
    # Per member: bob, from another address, is not held back by alice's edits.
    client.force_login(bob)
    assert client.post("/blog/new/", {"title": "Mine", "body": "x", "action": "save"}, REMOTE_ADDR="10.0.0.2").status_code == 302
