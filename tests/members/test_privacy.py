"""The privacy page: what we store, disconnecting X, and deleting a member's data."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from members.models import FollowGraphRead, XToken
from members.signals import member_data_deleted
from tests.members.conftest import ALICE_X_ID, BOB_X_ID, SMALL_FOLLOWERS, SMALL_FOLLOWING
from tweets.models import Account, FollowEdge, Tweet

pytestmark = pytest.mark.django_db
ALICE = int(ALICE_X_ID)


def test_it_asks_a_visitor_to_log_in_first(client):
    response = client.get("/accounts/privacy/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/privacy/"


def test_a_member_reaches_the_privacy_page_from_the_account_menu_and_every_footer(client, alice):
    import re

    client.force_login(alice)
    for path in ["/", "/chats/", "/blog/", "/mywe/", "/mywe/sharing/"]:
        html = client.get(path).content.decode()
        header, footer = html.split("</header>")[0], html.split('<footer class="site-footer">')[1]
        assert re.search(r'<div class="account-nav">.*href="/accounts/privacy/"', header, re.S), path
        assert 'href="/accounts/privacy/"' in footer, path
    assert 'href="/accounts/privacy/"' in Client().get("/").content.decode().split('<footer class="site-footer">')[1]


def test_it_shows_the_member_what_we_store(client, x, login):
    login()

    body = client.get("/accounts/privacy/").content.decode()

    assert "@alice_rn" in body
    assert "Ward sister. #WeNurses regular." in body
    assert f"{SMALL_FOLLOWERS + 1} followers" in body
    assert f"{SMALL_FOLLOWING} accounts you follow" in body
    assert "stored encrypted" in body
    assert "Disconnect X" in body
    assert "Delete my data" in body


def test_it_shows_a_member_their_own_follow_lists_only(client, x, login):
    login()
    a_follower = x.users[x.followers[ALICE_X_ID][0]]["username"]

    own = client.get("/accounts/privacy/followers/")

    assert own.status_code == 200
    assert f"@{a_follower}" in own.content.decode()
    assert "@bob_ahp" in own.content.decode()
    # Bob, logged in without X, has no lists of his own and no way to ask for alice's.
    bob = get_user_model().objects.create_user("bob")
    other = Client()
    other.force_login(bob)
    assert other.get("/accounts/privacy/followers/").status_code == 404
    assert other.get("/accounts/privacy/following/").status_code == 404


def test_it_disconnects_x_and_gives_the_tokens_back(client, x, login):
    login()
    access = XToken.objects.get().access_token

    response = client.post("/accounts/x/disconnect/", follow=True)

    assert "X is disconnected" in response.content.decode()
    assert not XToken.objects.exists()
    assert access not in x.live_access_tokens(ALICE_X_ID)  # revoked at X too
    assert any(p == "/2/oauth2/revoke" for _, p in x.fake.requests)
    assert FollowEdge.objects.filter(followee_id=ALICE).count() == SMALL_FOLLOWERS + 1  # stays until deleted
    assert "Connect X" in response.content.decode()


def test_it_deletes_the_members_data_and_logs_them_out(client, x, login):
    login()
    # Bob's own read had found alice following him: an edge of hers too.
    Account.objects.create(id=int(BOB_X_ID) + 1, handle="carol")
    FollowEdge.objects.create(follower_id=ALICE, followee_id=int(BOB_X_ID) + 1)
    Tweet.objects.create(id=7, author_id=ALICE, created_at=timezone.now(), text="#WeNurses tonight!")
    user = get_user_model().objects.get(username="alice_rn")
    told = []
    member_data_deleted.connect(lambda sender, member_id, **kw: told.append(member_id), weak=False, dispatch_uid="t")

    try:
        response = client.post("/accounts/privacy/delete/", {"confirm": "on"}, follow=True)
    finally:
        member_data_deleted.disconnect(dispatch_uid="t")

    assert "Your data is deleted and you are logged out." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert told == [user.pk]
    assert not XToken.objects.exists()
    assert not FollowGraphRead.objects.exists()
    assert not FollowEdge.objects.filter(follower_id=ALICE).exists()
    assert not FollowEdge.objects.filter(followee_id=ALICE).exists()
    assert Account.objects.get(id=ALICE).member is None
    assert SocialAccount.objects.get(user=user).extra_data == {}
    assert x.live_access_tokens(ALICE_X_ID) == []
    # The public archive stays.
    assert Tweet.objects.filter(id=7).exists()


def test_it_asks_for_confirmation_before_deleting(client, x, login):
    login()

    response = client.post("/accounts/privacy/delete/", {})

    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert XToken.objects.exists()
    assert client.get("/accounts/privacy/").status_code == 200  # still logged in


def test_it_starts_afresh_when_a_member_who_deleted_their_data_logs_in_again(client, x, login):
    login()
    user = get_user_model().objects.get()
    client.post("/accounts/privacy/delete/", {"confirm": "on"})

    login()

    # The same site user (found by X's id, which stays), no longer named after the handle.
    assert get_user_model().objects.count() == 1
    assert Account.objects.get(id=ALICE).member == user
    assert Account.objects.get(id=ALICE).member.username == f"member-{user.pk}"
    assert XToken.objects.exists()
    assert FollowEdge.objects.filter(followee_id=ALICE).count() == SMALL_FOLLOWERS + 1


def test_it_takes_mutations_by_post_only_and_with_csrf(x, login, client):
    login()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="alice_rn"))

    assert client.get("/accounts/privacy/delete/").status_code == 405
    assert client.get("/accounts/x/disconnect/").status_code == 405
    assert strict.post("/accounts/privacy/delete/", {"confirm": "on"}).status_code == 403
    assert strict.post("/accounts/x/disconnect/").status_code == 403
    assert XToken.objects.exists()
