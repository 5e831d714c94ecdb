"""In a real browser: a community's page, a transcript with its conversation network (a click on
a person filters the transcript), host analytics and the archive pages, checked by axe-core for
serious or critical accessibility problems, on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.conf import settings

from chats import network
from tests.browser import DESKTOP, PHONE, chromium, serious_violations
from tests.chats import chat_world as w
from tweets.models import Account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAT = "/chats/wenurses/2024-03-07/why-we-nurse/"


@pytest.fixture
def host_cookie(alice, live_server) -> dict:
    """The chat of chat_world with its network laid out, hosted by alice's X account."""
    from django.test import Client

    chat = w.build()
    host = Account.objects.get(id=w.HOST)
    host.member = alice
    host.save()
    chat.hosts.add(host)
    network.store([chat.pk])
    client = Client()
    client.force_login(alice)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.fixture
def browser(host_cookie):
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_community_pages_read_well_and_pass_axe(browser, host_cookie, live_server, device):
    context = browser.new_context(**device)
    page = context.new_page()
    for path in ("/c/wenurses/", CHAT, "/about/archive/", "/c/wenurses/leaderboard/", "/newest-badges/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert serious_violations(page) == [], path
    page.goto(live_server.url + CHAT)
    page.locator('svg.network a[aria-label^="@bob_hca"]').click()
    page.wait_for_url("**?by=bob_hca*")
    assert page.locator("li.tweet").count() == 2
    context.add_cookies([host_cookie])
    page.goto(live_server.url + CHAT + "hosting/")
    assert page.locator("h1").inner_text().startswith("Host analytics")
    assert serious_violations(page) == []
    page.goto(live_server.url + "/about/archive/choice/")
    assert serious_violations(page) == []
    context.close()
