"""No payload of the corpus reaches a page in a form that could run, whether it comes in a post
body (Markdown), a post title, or a comment (plain text)."""

import xml.etree.ElementTree as ET

import pytest

from blog.comments import render_comment
from blog.models import Comment
from blog.rendering import render_markdown
from tests.blog.conftest import make_post
from tests.blog.xss import COMMENT_PAYLOADS, PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_flags_what_it_should():
    # The checker itself: a clean page passes, each kind of danger is caught.
    assert executable_parts('<p><a href="https://ok.example/">ok</a></p>') == []
    assert executable_parts("<script>alert(1)</script>")
    assert executable_parts('<img src="x" onerror="alert(1)">')
    assert executable_parts('<a href="&#106;avascript:alert(1)">x</a>')
    assert executable_parts('<a href="java\tscript:alert(1)">x</a>')
    assert executable_parts('<a href="DATA:text/html,x">x</a>')
    assert executable_parts('<div style="color:red">x</div>')
    assert executable_parts("<svg></svg>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_sanitises_every_payload_in_markdown(payload):
    assert executable_parts(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS + COMMENT_PAYLOADS)
def test_it_escapes_every_payload_in_a_comment(payload):
    html = render_comment(payload)
    assert executable_parts(html) == []
    assert "<script" not in html and "<img" not in html and "<svg" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_keeps_payloads_in_a_post_from_running_on_its_page(client, alice, staff, payload):
    post = make_post(
        alice, title=payload[:200], body=f"Before\n\n{payload}\n\nAfter", status="published", moderator=staff
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert executable_parts(page) == []
    assert "Before" in page


def test_it_keeps_the_corpus_from_running_in_the_index_and_feed(client, alice, staff):
    for n, payload in enumerate(PAYLOADS):
        make_post(alice, title=payload[:200], body=f"{n}\n\n{payload}", status="published", moderator=staff)
    for page in range(1, len(PAYLOADS) // 10 + 2):
        assert executable_parts(client.get(f"/blog/?page={page}").content.decode()) == []
    feed = ET.fromstring(client.get("/blog/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    for entry in entries:
        # Titles are Atom text (shown as typed); summaries are HTML, which readers render.
        assert entry.find(f"{ATOM}title").get("type") in (None, "text")
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        assert executable_parts(summary.text or "") == []


@pytest.mark.parametrize("payload", PAYLOADS + COMMENT_PAYLOADS)
def test_it_keeps_payloads_in_a_comment_from_running_on_the_page(client, published_post, bob, payload):
    Comment.objects.create(post=published_post, author=bob, body=payload)
    client.force_login(bob)
    page = client.get(published_post.get_absolute_url()).content.decode()
    assert executable_parts(page) == []


def test_it_keeps_the_whole_corpus_from_running_in_a_preview(client, alice):
    client.force_login(alice)
    body = "\n\n".join(PAYLOADS)
    response = client.post("/blog/new/", {"title": "<script>alert(1)</script>", "body": body, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview" in page
    assert executable_parts(page) == []
