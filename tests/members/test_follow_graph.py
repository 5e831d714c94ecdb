"""Reading a member's follow graph with tweepy against the fake X: pages, rate limits, token
refresh and revocation, and the rule that a partial read never leaves half a graph."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from members import follow_graph
from members.models import FollowGraphRead, StagedFollow, XToken
from members.tasks import read_follow_graph, schedule_follow_graph_reads
from tests.members.conftest import ALICE_X_ID, BIG_FOLLOWERS, BIG_FOLLOWING, BOB_X_ID, SMALL_FOLLOWERS
from tweets.models import Account, FollowEdge

pytestmark = pytest.mark.django_db
ALICE = int(ALICE_X_ID)


def alice():
    return get_user_model().objects.get(username="alice_rn")


def followers_of(account_id: int) -> set[int]:
    return set(FollowEdge.objects.filter(followee_id=account_id).values_list("follower_id", flat=True))


def following_of(account_id: int) -> set[int]:
    return set(FollowEdge.objects.filter(follower_id=account_id).values_list("followee_id", flat=True))


def graph_requests(x, which: str = "") -> list[str]:
    return [p for _, p in x.fake.requests if p.startswith(f"/2/users/{ALICE_X_ID}/{which}")]


def test_it_updates_the_profiles_of_accounts_seen_in_the_graph(x, login):
    first_follower = x.followers[ALICE_X_ID][0]
    Account.objects.create(id=int(first_follower), handle="old_handle", bio="an old bio", followers_count=1)

    login()

    account = Account.objects.get(id=int(first_follower))
    assert account.handle == x.users[first_follower]["username"]
    assert account.bio == x.users[first_follower]["description"]
    assert account.followers_count == x.users[first_follower]["public_metrics"]["followers_count"]
    assert account.profile_at is not None


def test_it_replaces_the_members_edges_with_what_x_says_now(x, login):
    login()
    assert len(followers_of(ALICE)) == SMALL_FOLLOWERS + 1
    x.followers[ALICE_X_ID].remove(BOB_X_ID)  # bob unfollows
    newcomer = x.add_user(dict(x.users[BOB_X_ID], id="1000000099", username="newcomer"))
    x.follow(ALICE_X_ID, newcomer["id"])  # alice follows someone new

    assert follow_graph.read(alice().pk).status == "complete"

    assert int(BOB_X_ID) not in followers_of(ALICE)
    assert 1000000099 in following_of(ALICE)
    assert not StagedFollow.objects.exists()


def test_it_waits_for_the_rate_limit_reset_and_continues_from_the_same_page(big_graph, login):
    x = big_graph
    # Two calls per endpoint per 4 s: the third page of followers gets a 429 naming the reset.
    # (A window long enough that a loaded CI machine still asks for page 3 inside it.)
    x.rate_limit(requests=2, window=4.0)
    started = time.monotonic()

    login()

    assert time.monotonic() - started >= 1.0  # it waited rather than failing or skipping
    assert len(followers_of(ALICE)) == BIG_FOLLOWERS + 1
    assert len(following_of(ALICE)) == BIG_FOLLOWING
    followers_pages = [
        p.split("pagination_token=")[-1] if "pagination_token=" in p else "" for p in graph_requests(x, "followers")
    ]
    # Page 3 was asked for twice: refused with a 429, then again after the reset.
    assert len(followers_pages) == 4
    assert followers_pages[2] == followers_pages[3] != ""


def test_it_leaves_the_old_graph_whole_while_a_long_rate_limit_pauses_the_read(big_graph, login):
    x = big_graph
    login()
    before = (followers_of(ALICE), following_of(ALICE))
    x.followers[ALICE_X_ID].remove(BOB_X_ID)
    x.rate_limit(requests=1, window=1.0)

    # A run that may not sleep stops at the 429 with what it has staged.
    outcome = follow_graph.read(alice().pk, max_sleep=0)

    assert outcome.status == "waiting"
    read = FollowGraphRead.objects.get(user=alice())
    assert read.phase == "followers" and read.pagination_token and read.resume_at == outcome.resume_at
    assert StagedFollow.objects.filter(read=read).count() == 1000
    assert (followers_of(ALICE), following_of(ALICE)) == before  # not half a graph
    # The scheduler leaves it alone until the reset, then the read continues from that page.
    assert schedule_follow_graph_reads() == 0
    time.sleep(max((outcome.resume_at - timezone.now()).total_seconds(), 0) + 0.1)
    x.rate_limit(None)  # (so that the rest of the read needs no more waiting)
    asked = len(graph_requests(x))
    assert schedule_follow_graph_reads() == 1
    again = graph_requests(x)[asked:]
    assert f"pagination_token={read.pagination_token}" in again[0]
    assert int(BOB_X_ID) not in followers_of(ALICE)
    assert len(followers_of(ALICE)) == BIG_FOLLOWERS
    assert FollowGraphRead.objects.get(user=alice()).phase == "idle"


def test_it_refreshes_an_expired_token_before_reading(x, login):
    login()
    old = XToken.objects.get()
    old_access, old_refresh = old.access_token, old.refresh_token
    x.expire()
    XToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert read_follow_graph.delay(alice().pk).get() == "complete"

    token = XToken.objects.get()
    assert x.token_requests[-1] == {
        "grant_type": "refresh_token",
        "refresh_token": old_refresh,
        "client_id": x.client_id,
    }
    assert token.access_token != old_access and token.access_token in x.live_access_tokens(ALICE_X_ID)
    assert token.refresh_token != old_refresh  # X rotates refresh tokens
    assert token.expires_at > timezone.now() and token.refreshed_at is not None


def test_it_refreshes_a_token_x_expired_early_and_reads_the_same_page_again(x, login):
    login()
    x.expire()  # our clock says the token is good; X says 401

    assert follow_graph.read(alice().pk).status == "complete"

    assert [r["grant_type"] for r in x.token_requests] == ["authorization_code", "refresh_token"]
    statuses = graph_requests(x, "followers")
    assert len(statuses) == 3  # first read, the refused call, the same call after the refresh
    assert XToken.objects.get().revoked_at is None


def test_it_stops_reading_and_asks_to_reconnect_when_the_token_is_revoked(client, x, login):
    login()
    before = (followers_of(ALICE), following_of(ALICE))
    x.revoke_user(ALICE_X_ID)

    assert follow_graph.read(alice().pk).status == "revoked"

    token = XToken.objects.get()
    assert token.revoked_at is not None
    assert (followers_of(ALICE), following_of(ALICE)) == before
    assert FollowGraphRead.objects.get().error
    # Reads stop: nothing more is asked of X, and the scheduler skips the member.
    asked = len(x.fake.requests)
    FollowGraphRead.objects.update(completed_at=timezone.now() - timedelta(days=2))
    assert follow_graph.read(alice().pk).status == "revoked"
    assert schedule_follow_graph_reads() == 0
    assert len(x.fake.requests) == asked
    # The member is told, on the privacy page and in the header.
    page = client.get("/accounts/privacy/").content.decode()
    assert "Reconnect X" in page
    assert "X no longer accepts our access" in page


def test_it_resumes_reads_when_the_member_reconnects(client, x, login):
    login()
    x.revoke_user(ALICE_X_ID)
    follow_graph.read(alice().pk)
    x.followers[ALICE_X_ID].remove(BOB_X_ID)

    response = login(process="connect")

    assert response.status_code == 302
    token = XToken.objects.get()
    assert token.revoked_at is None and token.access_token in x.live_access_tokens(ALICE_X_ID)
    assert int(BOB_X_ID) not in followers_of(ALICE)  # a fresh read ran after reconnecting
    assert "Reconnect X" not in client.get("/accounts/privacy/").content.decode()


def test_it_reads_each_graph_again_after_the_period(x, login, settings):
    settings.X_FOLLOW_GRAPH_EVERY_DAYS = 1
    login()
    asked = len(graph_requests(x))

    assert schedule_follow_graph_reads() == 0  # read just now
    FollowGraphRead.objects.update(completed_at=timezone.now() - timedelta(days=1, minutes=1))
    assert schedule_follow_graph_reads() == 1

    assert len(graph_requests(x)) == asked + 2
    assert FollowGraphRead.objects.get().completed_at > timezone.now() - timedelta(minutes=1)


def test_it_lets_only_one_worker_read_a_member_at_a_time(x, login):
    login()
    FollowGraphRead.objects.update(lease_until=timezone.now() + timedelta(minutes=5))
    asked = len(x.fake.requests)

    assert follow_graph.read(alice().pk).status == "busy"

    assert len(x.fake.requests) == asked
