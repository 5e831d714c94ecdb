# ruff: noqa: F811  (pytest fixtures imported from pipeline_support are parameters here)
"""What reading X costs: the ledger against what the fake X served, X's once-a-day charge, and
the monthly budget pausing the lower priorities first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
from django.core.management import call_command
from django.db.models import Sum

from tests.fakex.server import point_session_at
from tweets import budget, ledger
from tweets.backfill import backfill
from tweets.intake import InProcessSink
from tweets.models import Tweet, XBudget, XRead
from tweets.recheck import recheck_recent
from tweets.xclient import x_client

from .pipeline_support import buffer, plain_messages, runner, wait_until, wenurses, x  # noqa: F401

pytestmark = pytest.mark.django_db
# The fake's endpoints (ids as :id) by the ledger's names for them.
FAKE = {"search": "/2/tweets/search/recent", "lookup": "/2/tweets", "stream": "/2/tweets/search/stream"}


def ledger_by_endpoint() -> dict[str, dict[str, int]]:
    rows = XRead.objects.values("endpoint").annotate(calls=Sum("calls"), posts=Sum("posts"), users=Sum("users"))
    return {r["endpoint"]: {"calls": r["calls"], "posts": r["posts"], "users": r["users"]} for r in rows}


def client_for(fake_x, purpose: str):
    client = x_client("test-bearer-token", purpose=purpose)
    point_session_at(client.session, fake_x)
    return client


def test_it_records_what_x_served_per_endpoint(fake_x, x, wenurses):
    for message in plain_messages(250):
        x.publish(message)
    sink = InProcessSink()

    backfill(client_for(fake_x, ledger.BETWEEN_CHATS), sink)  # three pages of search
    gone = [str(i) for i in sorted(Tweet.objects.values_list("id", flat=True))[:3]]
    for tweet_id in gone:
        x.delete(tweet_id, notify=False)
    assert recheck_recent(client_for(fake_x, ledger.RECHECKS), sink) == (250, 3)  # three lookups

    recorded = ledger_by_endpoint()
    for name, path in FAKE.items():
        if path in fake_x.served:
            assert recorded[name] == fake_x.served[path], name
    assert recorded["search"] == {"calls": 3, "posts": 250, "users": 30}  # ten authors a page
    assert (recorded["lookup"]["calls"], recorded["lookup"]["posts"]) == (3, 247)
    purposes = dict(XRead.objects.values_list("purpose").annotate(Sum("calls")))
    assert purposes == {ledger.BETWEEN_CHATS: 3, ledger.RECHECKS: 3}


def test_it_records_the_stream_line_by_line(runner, buffer, x, fake_x, wenurses):
    one = runner()
    one.start()
    assert x.wait_connected()
    for message in plain_messages(40):
        x.publish(message)
    wait_until(lambda: buffer.figures()["length"] >= 40, what="the lines in the buffer")
    one.stop()

    stream = XRead.objects.get(endpoint="stream", purpose=ledger.BETWEEN_CHATS)
    served = fake_x.served[FAKE["stream"]]
    assert (stream.posts, stream.users) == (served["posts"], served["users"]) == (40, 40)
    assert stream.charged_users == 10  # ten authors, each charged once
    assert stream.cost == Decimal("0.005") * 40 + Decimal("0.010") * 10


def test_it_charges_a_post_read_twice_in_one_utc_day_once(fake_x, x, wenurses):
    for message in plain_messages(30):
        x.publish(message)
    client = client_for(fake_x, ledger.BETWEEN_CHATS)
    search = dict(query="#wenurses", max_results=100)

    client.search_recent_tweets(**search)
    client.search_recent_tweets(**search)

    row = XRead.objects.get(endpoint="search")
    assert (row.posts, row.charged_posts, row.users, row.charged_users) == (60, 30, 20, 10)
    assert row.cost == Decimal("0.005") * 30 + Decimal("0.010") * 10
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert ledger.record(ledger.BETWEEN_CHATS, "search", posts=[int(m["data"]["id"]) for m in plain_messages(30)],
                         now=tomorrow) == Decimal("0.005") * 30  # a new UTC day charges again


def test_it_prices_from_the_rates_in_settings(settings):
    settings.X_RATES = {"post": Decimal("0.004"), "user": Decimal("0.01"), "followers.user": Decimal("0.02")}
    assert ledger.record(ledger.FOLLOW_GRAPHS, "followers", users=[1, 2, 3]) == Decimal("0.06")
    assert ledger.record(ledger.CHAT_HOURS, "search", posts=[1, 2], users=[4]) == Decimal("0.018")


# ---------------------------------------------------------------- the budget

# The 21st of a 30-day month, at noon: 20.5 days gone, 9.5 left.
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def spend(purpose: str, dollars: str, day: int = 10, month: int = 11) -> None:
    XRead.objects.create(
        day=datetime(2026, month, day).date(), purpose=purpose, endpoint=f"search {XRead.objects.count()}",
        calls=1, cost=Decimal(dollars),
    )


def test_it_pauses_the_lower_priorities_first_and_resumes_next_month(settings):
    settings.X_MONTHLY_BUDGET = Decimal("100")
    spend(ledger.CHAT_HOURS, "41")  # at this rate 60 by the month's end
    assert budget.plan(NOW).paused == {}

    spend(ledger.BETWEEN_CHATS, "10")  # 60 + 14.6 fits
    spend(ledger.FOLLOW_GRAPHS, "10")  # … + 14.6: 89.3 fits
    spend(ledger.RECHECKS, "8")  # … + 11.7: 101 does not
    assert list(budget.plan(NOW).paused) == [ledger.RECHECKS]

    spend(ledger.BETWEEN_CHATS, "2")  # between chats now 17.6: follow graphs no longer fit
    assert list(budget.plan(NOW).paused) == [ledger.FOLLOW_GRAPHS, ledger.RECHECKS]

    spend(ledger.BETWEEN_CHATS, "10")  # 81 spent, 19 more for chats: between chats do not fit
    plan = budget.plan(NOW)
    assert list(plan.paused) == [ledger.BETWEEN_CHATS, ledger.FOLLOW_GRAPHS, ledger.RECHECKS]
    assert plan.allows(ledger.CHAT_HOURS)  # chats come first, even over the forecast

    spend(ledger.CHAT_HOURS, "20")  # 101 spent
    assert list(budget.plan(NOW).paused) == ledger.PRIORITIES
    assert "spent" in budget.plan(NOW).paused[ledger.CHAT_HOURS]

    assert budget.plan(datetime(2026, 12, 1, 0, 5, tzinfo=UTC)).paused == {}  # a new month


def test_an_admin_raises_the_budget_live(settings):
    settings.X_MONTHLY_BUDGET = Decimal("50")
    spend(ledger.CHAT_HOURS, "30")
    spend(ledger.RECHECKS, "5")
    assert ledger.RECHECKS in budget.plan(NOW).paused
    XBudget.objects.create(dollars=Decimal("200"))
    assert budget.plan(NOW).paused == {}


def test_without_a_budget_nothing_pauses(settings):
    settings.X_MONTHLY_BUDGET = None
    spend(ledger.CHAT_HOURS, "10000")
    assert budget.plan(NOW).paused == {}


def test_a_paused_recheck_reads_nothing(fake_x, x, wenurses, settings):
    for message in plain_messages(20):
        x.publish(message)
    backfill(client_for(fake_x, ledger.BETWEEN_CHATS), InProcessSink())
    settings.X_MONTHLY_BUDGET = Decimal("0.01")  # already spent
    before = fake_x.served.get(FAKE["lookup"])

    assert recheck_recent(client_for(fake_x, ledger.RECHECKS), InProcessSink()) == (0, 0)
    assert fake_x.served.get(FAKE["lookup"]) == before is None


def test_x_usage_prints_the_month_by_purpose_and_day(settings, capsys):
    settings.X_MONTHLY_BUDGET = Decimal("100")
    spend(ledger.CHAT_HOURS, "12.5", day=3, month=datetime.now(UTC).month)
    call_command("x_usage")
    out = capsys.readouterr().out
    assert "chat hours" in out and "12.50" in out and "$100.00" in out


def test_the_status_page_shows_the_cost_the_budget_and_what_is_paused(client, staff, settings):
    settings.X_MONTHLY_BUDGET = Decimal("100")
    today = datetime.now(UTC)
    XRead.objects.create(day=today.date(), purpose=ledger.CHAT_HOURS, endpoint="search", calls=3, posts=250,
                         charged_posts=250, cost=Decimal("98.75"))
    client.force_login(staff)

    page = client.get("/status/pipeline/").content.decode()

    assert "Budget <strong>$100.00</strong>, spent <strong>$98.75</strong>" in page
    assert "forecast to the month&#x27;s end" in page or "forecast to the month's end" in page
    assert "<strong>Re-checks</strong> paused" in page
    assert "<strong>Between chats</strong> paused" in page
    assert "<td>chat hours</td><td>3</td><td>250</td>" in page


def test_the_recheck_asks_about_each_tweet_the_day_after_and_a_week_after(fake_x, x, wenurses):
    messages = plain_messages(4)
    for message, days in zip(messages, (0.5, 3, 6.5, 7.5), strict=True):
        at = datetime.now(UTC) - timedelta(days=days)
        message["data"]["created_at"] = at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        x.publish(message, stream=False)
    InProcessSink().append([orjson.dumps(m) for m in messages], source="stream")

    assert recheck_recent(client_for(fake_x, ledger.RECHECKS), InProcessSink()) == (2, 0)

    assert XRead.objects.get(purpose=ledger.RECHECKS).posts == 2  # half a day old, and six and a half
