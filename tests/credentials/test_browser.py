"""In a real browser: alice adds her Chats badge to her portfolio from her dashboard, downloads
the baked badge and checks it on the verification page; a stranger on a phone finds the same
credentials from her public page. axe-core checks each page for serious or critical problems.

Set CREDENTIALS_SCREENSHOTS=/some/dir to keep phone and desktop screenshots of each page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, chromium, serious_violations

from .conftest import share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CREDENTIALS_SCREENSHOTS", "")


@pytest.fixture
def alice_session(people, live_server, settings) -> dict:
    """alice shares Chats; her session cookie is made before the browser starts, and all
    database work happens here, outside Playwright's event loop."""
    from django.test import Client

    settings.SITE_URL = live_server.url
    share(people.alice_user, "chats")
    client = Client()
    client.force_login(people.alice_user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url}


@pytest.fixture
def browser(alice_session):
    with chromium() as launched:
        yield launched



def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_a_member_adds_a_badge_to_her_portfolio_and_anyone_can_check_it(live_server, alice_session, browser, tmp_path):
    base = live_server.url
    context = browser.new_context(accept_downloads=True, **DESKTOP)
    context.add_cookies([alice_session])
    page = context.new_page()
    page.goto(f"{base}/mywe/chats/")
    page.get_by_role("link", name="Add to your portfolio").click()
    assert page.locator("h1").inner_text() == "Add Chats to your portfolio"
    assert page.get_by_role("heading", name="Chats level 1").is_visible()
    assert serious_violations(page) == []
    shoot(page, "portfolio-desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name="Badge image (PNG)").click()
    baked = tmp_path / download.value.suggested_filename
    download.value.save_as(baked)
    assert baked.name == "mywe-chats-level-1.png"

    page.goto(f"{base}/credentials/verify/")
    assert serious_violations(page) == []
    page.get_by_label("Or a badge file").set_input_files(str(baked))
    page.get_by_role("button", name="Check").click()
    assert page.get_by_role("heading", name="This credential holds").is_visible()
    assert page.get_by_text("the X account @alice_rn").is_visible()
    assert serious_violations(page) == []
    shoot(page, "verify-holds-desktop")

    page.get_by_role("link", name="our issuer page").click()
    assert serious_violations(page) == []
    shoot(page, "issuer-desktop")
    context.close()

    stranger = browser.new_context(**PHONE).new_page()
    stranger.goto(f"{base}/u/alice_rn/")
    stranger.get_by_role("link", name=re.compile(r"^Add to portfolio\s+for Chats$")).click()
    assert stranger.locator("h1").inner_text() == "Chats credentials of @alice_rn"
    assert serious_violations(stranger) == []
    shoot(stranger, "portfolio-phone")
    stranger.get_by_role("link", name="Chats level 1").click()
    assert stranger.get_by_role("heading", name="This credential holds").is_visible()
    assert serious_violations(stranger) == []
    shoot(stranger, "credential-phone")
    stranger.goto(f"{base}/credentials/verify/")
    stranger.get_by_role("button", name="Check").click()
    assert stranger.get_by_role("alert").inner_text().startswith("Give the credential")
    assert serious_violations(stranger) == []
    shoot(stranger, "verify-error-phone")
    stranger.goto(f"{base}/credentials/badges/chats/1/")
    shoot(stranger, "badge-class-phone")
