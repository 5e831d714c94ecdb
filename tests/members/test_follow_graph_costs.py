"""What a member's follow graph costs: every page in the read ledger as the fake X served it,
each list read up to the cap (and the member told), and reads paused by the X budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from members import follow_graph
from members.models import FollowGraphRead
from members.tasks import schedule_follow_graph_reads
from tests.members.conftest import ALICE_X_ID, BIG_FOLLOWERS, BIG_FOLLOWING
from tweets import ledger
from tweets.models import FollowEdge, XBudget, XRead

pytestmark = pytest.mark.django_db
ALICE = int(ALICE_X_ID)


def alice():
    return get_user_model().objects.get(username="alice_rn")


def followers_of(account_id: int) -> int:
    return FollowEdge.objects.filter(followee_id=account_id).count()


def following_of(account_id: int) -> int:
    return FollowEdge.objects.filter(follower_id=account_id).count()


def page_sizes(x, which: str) -> list[str]:
    return [p.split("max_results=")[1].split("&")[0] for _, p in x.fake.requests if f"/{ALICE_X_ID}/{which}" in p]


def test_the_ledger_holds_what_x_served_for_the_graph(big_graph, login):
    x = big_graph
    login()

    rows = XRead.objects.filter(purpose=ledger.FOLLOW_GRAPHS).values("endpoint").annotate(
        calls=Sum("calls"), posts=Sum("posts"), users=Sum("users"), charged=Sum("charged_users"), cost=Sum("cost"))
    recorded = {r["endpoint"]: r for r in rows}
    for which in ("followers", "following"):
        served = x.fake.served[f"/2/users/:id/{which}"]
        assert (recorded[which]["calls"], recorded[which]["users"]) == (served["calls"], served["users"])
    assert recorded["followers"]["users"] == BIG_FOLLOWERS + 1  # and bob
    # Half of those she follows follow her too: read twice today, charged once.
    assert recorded["following"]["charged"] == BIG_FOLLOWING - BIG_FOLLOWING // 2
    total = sum(r["cost"] for r in recorded.values())
    assert total == Decimal("0.010") * (BIG_FOLLOWERS + 1 + BIG_FOLLOWING - BIG_FOLLOWING // 2)


def test_a_read_stops_at_the_cap_and_the_dashboard_says_so(big_graph, login, client, settings):
    x = big_graph
    settings.X_FOLLOW_LIST_CAP = 1500

    login()

    assert page_sizes(x, "followers") == ["1000", "500"]  # the last page asks only for what is left
    assert page_sizes(x, "following") == ["1000", "500"]
    assert followers_of(ALICE) == 1500 and following_of(ALICE) == 1200  # 1200: under the cap
    read = FollowGraphRead.objects.get()
    assert read.followers_capped and not read.following_capped
    page = client.get("/mywe/followers/").content.decode()
    assert "we read its first 1,500 accounts" in page
    assert "first 1,500" not in client.get("/mywe/following/").content.decode()
    assert "read only in part" in client.get("/accounts/privacy/").content.decode()


def test_the_budget_pauses_a_read_and_the_member_is_told_until_it_allows(big_graph, login, client, settings):
    x = big_graph
    settings.X_MONTHLY_BUDGET = Decimal("100")
    XRead.objects.create(day=timezone.now().date(), purpose=ledger.CHAT_HOURS, endpoint="search", cost=Decimal("99"))

    login()

    read = FollowGraphRead.objects.get()
    assert read.completed_at is None and "paused" in read.error
    assert page_sizes(x, "followers") == []  # nothing asked of X
    assert "budget for reading X is nearly spent" in client.get("/mywe/followers/").content.decode()
    assert "budget for reading X is nearly spent" in client.get("/accounts/privacy/").content.decode()
    assert schedule_follow_graph_reads() == 0

    XBudget.objects.create(dollars=Decimal("5000"))  # an admin raises it
    assert schedule_follow_graph_reads() == 1

    read.refresh_from_db()
    assert read.completed_at is not None and read.error == ""
    assert followers_of(ALICE) == BIG_FOLLOWERS + 1


def test_a_read_paused_between_pages_continues_from_its_page(big_graph, login, settings):
    settings.X_MONTHLY_BUDGET = Decimal("100")
    login()
    before = followers_of(ALICE)
    XRead.objects.create(day=timezone.now().date(), purpose=ledger.CHAT_HOURS, endpoint="search", cost=Decimal("99"))
    FollowGraphRead.objects.update(phase="following", pagination_token="")

    assert follow_graph.read(alice().pk).status == "paused"
    assert followers_of(ALICE) == before  # the graph stays whole


def test_a_login_is_in_the_ledger_as_x_served_it(x, login):
    login()

    me = XRead.objects.get(endpoint="me")
    assert (me.purpose, me.users, me.charged_users) == (ledger.SIGN_IN, 1, 1)
    assert x.fake.served["/2/users/me"] == {"calls": 1, "posts": 0, "users": 1}
