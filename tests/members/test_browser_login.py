"""Logging in with X in headless Chromium: our login page, the fake X's consent page, and back
to the member's page with their handle and avatar in the header."""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.members.conftest import ALICE_X_ID


@pytest.fixture
def browser_page():
    with chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_logs_a_member_in_with_x_and_lands_on_their_page(live_server, x, browser_page):
    page = browser_page
    x.log_in_at_x(ALICE_X_ID)

    # The member's page asks a visitor to log in first, and remembers where they were going.
    page.goto(f"{live_server.url}/accounts/privacy/")
    assert "/accounts/login/" in page.url
    page.get_by_role("button", name="Log in with X").click()

    # On X: the consent page of the fake X.
    page.wait_for_url(f"{x.fake.url}/i/oauth2/authorize?**")
    assert "@alice_rn" in page.content()
    page.get_by_role("button", name="Authorize app").click()

    # Back on our site, logged in, on the page they asked for.
    page.wait_for_url(f"{live_server.url}/accounts/privacy/")
    assert page.get_by_role("heading", name="Privacy and settings").is_visible()
    chip = page.locator(".member-chip")
    assert chip.inner_text().strip() == "@alice_rn"
    assert chip.locator("img").get_attribute("src") == (
        f"https://pbs.twimg.com/profile_images/{ALICE_X_ID}/alice_rn_normal.jpg"
    )
    assert page.get_by_role("button", name="Log out").is_visible()
