"""In a real browser: a member opens Suggested Follows, filters by We, dismisses a suggestion
and sees it gone; the #MyWe home shows the top three; the privacy page's opt-out works.
axe-core checks each page for serious or critical accessibility problems.

Set SUGGESTIONS_SCREENSHOTS=/some/dir to keep phone and desktop screenshots of each page.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from suggestions import refresh
from tests.browser import DESKTOP, PHONE, chromium, serious_violations

from .conftest import T0

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SUGGESTIONS_SCREENSHOTS", "")


@pytest.fixture
def alice_session(world, people, live_server) -> dict:
    """A world where alice has five suggestions and someone different, her session cookie, all
    made before the browser starts (outside Playwright's event loop)."""
    from django.test import Client

    people.carol.bio = "Mental health nurse and lecturer. Leadership, compassion and coffee."
    people.carol.save()
    first = world.tweet(people.alice)
    for _ in range(4):
        world.tweet(people.carol, reply_to=first)
    world.follow(people.erin, people.alice)
    world.chat(world.wemidwives, T0, topic="Birth choices", hosts=[people.frank])
    world.tweet(people.alice, at=T0 + timedelta(minutes=3), tags=("wemidwives",))
    world.tweet(people.frank, at=T0 + timedelta(minutes=1), tags=("wemidwives",))
    world.tweet(people.bob, mentions=[people.alice])
    from tweets.models import Community

    Community.objects.create(name="WeAHPs", slug="weahps", hashtag="weahps", display_hashtag="#WeAHPs")
    mia = world.account("mia_physio", bio="MSK physio. Running, rehab and the people who make it work.")
    for f in (people.carol, people.erin):
        world.tweet(people.alice, mentions=[f])
        world.tweet(mia, tags=("weahps",), mentions=[f])
    for _ in range(4):
        world.tweet(mia, tags=("weahps",))
    world.derive()
    refresh.refresh()
    client = Client()
    client.force_login(people.alice_user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.fixture
def browser(alice_session):
    with chromium() as launched:
        yield launched



def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_it_lets_a_member_see_filter_and_dismiss_suggestions(live_server, alice_session, browser):
    base = live_server.url
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(**options)
        context.add_cookies([alice_session])
        page = context.new_page()
        page.goto(f"{base}/mywe/suggestions/")
        assert page.locator("h1").inner_text() == "Suggested follows"
        assert page.get_by_text("Replied to you 4 times").is_visible()
        assert page.get_by_role("heading", name="Someone different").is_visible()
        follow = page.get_by_role("link", name="Follow @carol on X")
        assert follow.get_attribute("href") == "https://x.com/intent/follow?screen_name=carol"
        assert serious_violations(page) == []
        shoot(page, f"suggestions-{name}")
        page.goto(f"{base}/mywe/")
        assert page.get_by_role("heading", name="People to follow").is_visible()
        assert serious_violations(page) == []
        shoot(page, f"home-{name}")
        page.goto(f"{base}/accounts/privacy/")
        assert page.get_by_label("Do not suggest me to other members").is_visible()
        assert serious_violations(page) == []
        shoot(page, f"privacy-{name}")
        context.close()

    context = browser.new_context(**DESKTOP)
    context.add_cookies([alice_session])
    page = context.new_page()
    page.goto(f"{base}/mywe/suggestions/")
    page.get_by_label("Community", exact=True).select_option("wemidwives")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"{base}/mywe/suggestions/?we=wemidwives")
    assert page.get_by_role("heading", name="In #WeMidwives").is_visible()
    assert page.get_by_role("link", name="Follow @carol on X").count() == 0
    page.goto(f"{base}/mywe/suggestions/")
    page.get_by_role("button", name="Dismiss @carol").click()
    page.wait_for_url(f"{base}/mywe/suggestions/")
    assert page.get_by_text("We will not suggest @carol again.").is_visible()
    assert page.get_by_role("link", name="Follow @carol on X").count() == 0
    context.close()
