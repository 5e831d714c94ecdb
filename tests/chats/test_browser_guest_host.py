"""The guest-host journey in a real browser: a visitor proposes a chat, an admin approves it in
the Django admin, and it appears on the calendar in the visitor's own time zone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from chats.models import Tweetchat
from tests.browser import chromium
from tweets.models import Community

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    # Django refuses database access from inside a running event loop; Playwright's sync API runs one.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched


@pytest.fixture
def no_rate_limit(settings):
    # Every live-server request comes from 127.0.0.1, which other runs on a shared cache use too.
    settings.CHAT_PROPOSALS_PER_HOUR = 1_000
    yield
    cache.delete("chats:proposals:127.0.0.1")


def test_a_proposal_approved_in_the_admin_appears_on_the_calendar(live_server, browser, staff, no_rate_limit):
    staff.email = "admin@example.org"
    staff.save()
    nurses = Community.objects.create(name="WeNurses", slug="wenurses", hashtag="wenurses", display_hashtag="#WeNurses")
    nurses.admins.add(staff)
    day = timezone.localdate() + timedelta(days=10)

    visitor = browser.new_context(timezone_id="America/New_York", locale="en-US").new_page()
    visitor.goto(f"{live_server.url}/chats/host/")
    visitor.get_by_label("Your name").fill("Hana Host")
    visitor.get_by_label("Your X handle").fill("@hana_rn")
    visitor.get_by_label("Your email address").fill("hana@example.org")
    visitor.get_by_label("Community").select_option(label="#WeNurses")
    visitor.get_by_label("Date").fill(day.isoformat())
    visitor.get_by_label("Start time (UK time)").fill("20:00")
    visitor.get_by_label("Topic").fill("Nursing at night")
    visitor.get_by_label("Background").fill("Ten years of nights, and what helps.")
    visitor.get_by_label("Your questions").fill("How do you stay well on nights?\nWhat helps at 3am?")
    # First a mistake: without consent the form comes back with a clear message, keeping the rest.
    visitor.get_by_role("button", name="Send my proposal").click()
    expect(visitor.get_by_role("alert")).to_contain_text("Tick the box to agree")
    assert visitor.get_by_label("Topic").input_value() == "Nursing at night"
    visitor.get_by_label("I agree to be named as the host").check()
    visitor.get_by_role("button", name="Send my proposal").click()
    visitor.wait_for_url("**/chats/host/thanks/")
    expect(visitor.get_by_role("heading", name="What happens next")).to_be_visible()
    assert "Nursing at night" in visitor.content()
    assert Tweetchat.objects.get().status == Tweetchat.Status.PROPOSED
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]

    visitor.goto(f"{live_server.url}/chats/")
    assert "Nursing at night" not in visitor.content()  # not until an admin approves it

    admin = browser.new_context().new_page()
    admin.goto(f"{live_server.url}/admin/chats/tweetchat/")
    admin.get_by_label("Username").fill("staff")
    admin.get_by_label("Password").fill("staff-password-1")
    admin.get_by_role("button", name="Log in").click()
    row = admin.get_by_role("row").filter(has_text="Nursing at night")
    row.get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 chat(s) approved and scheduled")).to_be_visible()
    assert Tweetchat.objects.get().status == Tweetchat.Status.SCHEDULED
    assert mail.outbox[-1].to == ["hana@example.org"]

    visitor.goto(f"{live_server.url}/chats/")
    card = visitor.locator(".chat-card").filter(has_text="Nursing at night")
    expect(card.get_by_text("@hana_rn")).to_be_visible()
    # Shown in New York time (15:00 in winter, 16:00 while the clocks differ), UK time beside it.
    when = card.locator("time").inner_text()
    assert "PM" in when and ("EST" in when or "EDT" in when)
    assert "20:00 UK time" in card.locator(".uk-time").inner_text()
