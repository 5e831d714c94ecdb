"""In a real browser: alice accepts a suggested chat, writes a reflective account from its
draft (confirming past the confidentiality warning), and downloads her CPD log as PDF. axe-core
checks the pages for serious or critical accessibility problems on a desktop and a phone.

Set CPD_SCREENSHOTS=/some/dir to keep screenshots of each page.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.browser import DESKTOP, PHONE, chromium, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CPD_SCREENSHOTS", "")


@pytest.fixture
def cookie(people, live_server) -> dict:
    """alice's session, made before the browser starts (logging in with X is the members app's
    business: its tests drive it)."""
    from django.test import Client

    client = Client()
    client.force_login(people.alice_user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url}


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the test's own (synchronous)
    # database work is safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_it_takes_a_chat_from_suggestion_to_reflection_and_pdf(live_server, cookie, browser, people):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, **DESKTOP)
    context.add_cookies([cookie])
    page = context.new_page()
    page.goto("/mywe/cpd/")
    assert page.locator("h1").inner_text() == "Your CPD log"
    assert page.locator(".cpd-suggestion").count() == 3
    assert page.get_by_role("progressbar", name="CPD hours: 0 of 35 hours").is_visible()
    assert serious_violations(page) == []
    shoot(page, "log-desktop")

    page.get_by_role("link", name="Edit and accept Why we nurse").click()
    page.get_by_label("Description of the topic").fill("A chat on why we nurse. It shaped how I welcome students.")
    page.get_by_label("Preserve safety").check()
    assert serious_violations(page) == []
    shoot(page, "accept-desktop")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/mywe/cpd/")
    assert page.get_by_text("Added to your CPD log: Why we nurse.").is_visible()
    assert page.locator(".cpd-suggestion").count() == 2
    assert page.get_by_role("progressbar", name="Participatory hours: 1 of 20 hours").is_visible()

    page.get_by_role("link", name="Write a reflective account on Why we nurse").click()
    nature = page.get_by_label("What was the nature of the activity?")
    assert "“A1 My mum was a nurse #WeNurses”" in nature.input_value()
    page.get_by_label("What did you learn?").fill("Family brings many of us in, as it did @bob_mw.")
    page.get_by_label("How did you change or improve your practice as a result?").fill("I ask students why they came.")
    page.get_by_label("How is this relevant to the Code?").fill("It helps me prioritise people.")
    page.get_by_label("Prioritise people").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").get_by_text("An X handle: “@bob_mw”").is_visible()
    assert serious_violations(page) == []
    shoot(page, "reflection-warning-desktop")
    page.get_by_label("I have checked: nothing here identifies").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/mywe/cpd/reflections/")
    assert page.get_by_text("Your reflective account is saved.").is_visible()
    assert serious_violations(page) == []

    page.goto("/mywe/cpd/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    body = Path(download.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
    assert "Why we nurse" in text and "It shaped how I welcome students." in text
    context.close()

    phone = browser.new_context(base_url=live_server.url, **PHONE)
    phone.add_cookies([cookie])
    page = phone.new_page()
    for path, name in [("/mywe/cpd/", "log"), ("/mywe/cpd/reflections/", "reflections"),
                       (f"/mywe/cpd/chats/{people.jan_chat.pk}/", "accept"),
                       ("/chats/wenurses/2024-04-11/student-support/", "transcript")]:
        page.goto(path)
        assert serious_violations(page) == [], path
        shoot(page, f"{name}-phone")
    phone.close()
