"""In a real browser: alice writes and submits a post, staff approves it in the admin's
moderation queue, and bob comments on it from a phone. Then a page full of XSS payloads is
opened and nothing runs.

Set BLOG_SCREENSHOTS=/some/dir to keep screenshots of each step.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from blog.comments import render_comment
from blog.models import Comment, Post
from tests.blog.conftest import make_post
from tests.blog.xss import COMMENT_PAYLOADS, PAYLOADS
from tests.browser import DESKTOP, PHONE, chromium, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BLOG_SCREENSHOTS", "")


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the test's own (synchronous)
    # database work is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched


def _page_for(browser, live_server, user=None, **options):
    """A page whose browser carries the user's session (logging in with X is the members
    app's business; its own tests drive it). Any JavaScript dialog is recorded as a failure."""
    from django.test import Client

    context = browser.new_context(base_url=live_server.url, **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def _shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)



def test_it_takes_a_post_from_writing_to_comments(
    browser, live_server, alice, bob, staff, alice_account, bob_account, wenurses
):
    # alice writes, previews and submits.
    writer = _page_for(browser, live_server, alice, **DESKTOP)
    writer.goto("/blog/")
    writer.get_by_role("link", name="Write a post").click()
    writer.get_by_label("Title").fill("What I learnt hosting my first chat")
    writer.get_by_label("Your post").fill("Write the questions **a week ahead**.\n\n- Ask a friend to co-host")
    writer.get_by_label("#WeNurses").check()
    writer.get_by_role("button", name="Preview").click()
    assert writer.locator(".blog-preview strong").inner_text() == "a week ahead"
    _shoot(writer, "1-preview")
    writer.get_by_role("button", name="Submit for review").click()
    writer.wait_for_url("**/blog/mine/")
    assert "awaiting review" in writer.locator(".blog-mine").inner_text().lower()
    post = Post.objects.get()
    assert post.status == "submitted"

    # Nobody else can read it yet.
    reader = _page_for(browser, live_server, bob, **PHONE)
    assert reader.goto(post.get_absolute_url()).status == 404

    # staff approves it from the moderation queue.
    moderator = _page_for(browser, live_server, staff, **DESKTOP)
    moderator.goto("/admin/blog/postforreview/")
    moderator.get_by_role("row", name="What I learnt hosting my first chat").get_by_role("checkbox").check()
    moderator.locator("select[name=action]").select_option("approve")
    moderator.get_by_role("button", name="Go").click()
    assert "Published 1 post." in moderator.locator(".messagelist").inner_text()
    _shoot(moderator, "2-approved")
    post.refresh_from_db()
    assert (post.status, post.moderated_by) == ("published", staff)

    # bob finds it on the index on his phone and comments.
    reader.goto("/blog/")
    reader.get_by_role("link", name="What I learnt hosting my first chat").click()
    reader.get_by_label("Your comment").fill("Thank you!\nI host next month: https://example.org/chat")
    reader.get_by_role("button", name="Post comment").click()
    comment = reader.locator(".blog-comment").first
    comment.wait_for()
    assert "@BobPhysio" in comment.inner_text()
    assert comment.get_by_role("link", name="https://example.org/chat").get_attribute("rel") == "nofollow ugc"
    assert "Your comment is posted." in reader.content()
    # Nothing overflows sideways on a phone.
    assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shoot(reader, "3-commented-phone")
    assert serious_violations(reader) == []
    assert Comment.objects.get().author == bob

    # alice sees it published with bob's comment; a visitor is invited to log in.
    writer.goto(post.get_absolute_url())
    assert "Thank you!" in writer.locator("#comments").inner_text()
    visitor = _page_for(browser, live_server, **PHONE)
    visitor.goto(post.get_absolute_url())
    login = visitor.get_by_role("link", name="Log in with X to comment")
    assert login.get_attribute("href") == f"/accounts/login/?next=%2Fblog%2F{post.slug}%2F"
    _shoot(visitor, "4-visitor-phone")
    for page in (writer, reader, moderator, visitor):
        assert page.dialogs == []


def test_it_runs_nothing_from_the_xss_corpus(browser, live_server, alice, bob, staff):
    post = make_post(alice, title="<img src=x onerror=alert('title')>", body="\n\n".join(PAYLOADS),
                     status="published", moderator=staff)  # fmt: skip
    Comment.objects.bulk_create(
        [Comment(post=post, author=bob, body=p, body_html=render_comment(p)) for p in PAYLOADS + COMMENT_PAYLOADS]
    )  # fmt: skip
    page = _page_for(browser, live_server, bob, **DESKTOP)
    page.goto(post.get_absolute_url())
    page.wait_for_load_state("load")
    # Mouse over and focus everything in the post and comments: handlers that survived would fire.
    page.evaluate(
        """document.querySelectorAll('.blog-body *, .blog-comment-body *').forEach(el => {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'animationstart']) {
                if (type === 'click' && el.closest('a')) continue;  // following a link is not running script
                el.dispatchEvent(new Event(type, {bubbles: true}));
            }
        })"""
    )
    page.wait_for_timeout(200)
    assert page.dialogs == []
    for link in page.locator(".blog-body a, .blog-comment-body a").all():
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    assert page.evaluate("document.querySelectorAll('.blog-body script, .blog-body iframe, .blog-body svg, "
                         ".blog-body [style], .blog-comment-body *:not(a):not(br):not(p)').length") == 0  # fmt: skip
