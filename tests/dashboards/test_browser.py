"""In a real browser: a member opens their #MyWe home and every dashboard, shares one, and a
stranger sees exactly that one on the public page. axe-core checks the pages for serious or
critical accessibility problems.

Set DASHBOARDS_SCREENSHOTS=/some/dir to keep phone and desktop screenshots of each page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from dashboards import wordclouds
from dashboards.boards import BOARDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("DASHBOARDS_SCREENSHOTS", "")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


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
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI needs Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def logged_in_context(browser, cookie: dict, **options):
    context = browser.new_context(**options)
    context.add_cookies([cookie])
    return context


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # evaluated, as the page's policy allows no injected script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


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
