"""In a real browser: a member opens their #MyWe home and every dashboard, shares one, and a
stranger sees exactly that one on the public page. axe-core checks the pages for serious or
critical accessibility problems.

Set DASHBOARDS_SCREENSHOTS=/some/dir to keep phone and desktop screenshots of each page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from dashboards import wordclouds
from dashboards.boards import BOARDS
from tests.browser import DESKTOP, PHONE, chromium, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("DASHBOARDS_SCREENSHOTS", "")


@pytest.fixture
def alice_session(people, live_server) -> dict:
    """alice's session cookie, made before the browser starts (the login itself is the members
    app's business: its tests drive it), with her clouds drawn ahead: the pages never wait.
    All database work happens here, outside Playwright's event loop."""
    from django.test import Client

    for kind in ("followers", "following"):
        wordclouds.redraw(people.alice_user.pk, kind)
    client = Client()
    client.force_login(people.alice_user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url}


@pytest.fixture
def browser(alice_session):
    with chromium() as launched:
        yield launched


def logged_in_context(browser, cookie: dict, **options):
    context = browser.new_context(**options)
    context.add_cookies([cookie])
    return context



def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_it_lets_a_member_browse_share_one_dashboard_and_a_stranger_see_only_that(live_server, alice_session, browser):
    base = live_server.url

    context = logged_in_context(browser, alice_session, **DESKTOP)
    page = context.new_page()
    page.goto(f"{base}/mywe/")
    assert page.locator("h1").inner_text() == "Your #MyWe"
    assert page.locator(".badge-card").count() == 8
    assert page.get_by_text("Set yourself a badge challenge").is_visible()
    assert serious_violations(page) == []
    shoot(page, "home-desktop")

    for slug, board in BOARDS.items():
        page.goto(f"{base}/mywe/{slug}/")
        assert page.locator("h1").inner_text() == board.question
        assert page.get_by_role("button", name="Share this").get_attribute("aria-pressed") == "false"
        shoot(page, f"{slug}-desktop")
    page.goto(f"{base}/mywe/engagement/")
    assert serious_violations(page) == []
    page.goto(f"{base}/mywe/following/")
    assert serious_violations(page) == []

    page.goto(f"{base}/mywe/engagement/")
    page.get_by_role("button", name="Share this").click()
    page.wait_for_url(f"{base}/mywe/engagement/")
    assert page.get_by_role("button", name="Share this").get_attribute("aria-pressed") == "true"
    assert page.get_by_text("is now on your public page").is_visible()
    context.close()

    stranger = browser.new_context(**PHONE)
    page = stranger.new_page()
    response = page.goto(f"{base}/u/alice_rn/")
    assert response.status == 200
    links = [a.get_attribute("href") for a in page.locator("a[href^='/u/alice_rn/']").all()]
    assert set(links) == {"/u/alice_rn/engagement/"}
    assert page.locator("meta[property='og:image']").get_attribute("content").endswith("/u/alice_rn/preview.png")
    assert page.get_by_role("link", name="Share on X").is_visible()
    assert serious_violations(page) == []
    shoot(page, "public-phone")
    page.goto(f"{base}/u/alice_rn/engagement/")
    assert page.locator(".partner").count() == 3
    assert serious_violations(page) == []
    shoot(page, "public-engagement-phone")
    for slug in BOARDS:
        if slug != "engagement":
            assert page.goto(f"{base}/u/alice_rn/{slug}/").status == 404
    stranger.close()

    if SHOTS:
        phone = logged_in_context(browser, alice_session, **PHONE)
        page = phone.new_page()
        for path, name in [("/mywe/", "home"), ("/mywe/engagement/", "engagement"), ("/mywe/followers/", "followers"),
                           ("/mywe/chats/", "chats"), ("/mywe/sharing/", "sharing")]:
            page.goto(f"{base}{path}")
            shoot(page, f"{name}-phone")
        phone.close()
