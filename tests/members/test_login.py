"""Log in with X: django-allauth's real OAuth 2.0 flow (PKCE) against the fake X."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import FollowGraphRead, XToken
from tests.fakex.oauth_api import _s256
from tests.members.conftest import ALICE_X_ID, BIG_FOLLOWERS, BIG_FOLLOWING, authorize_at_x
from tweets.models import Account, FollowEdge, Tweet

pytestmark = pytest.mark.django_db


def test_it_sends_the_browser_to_x_with_pkce_and_our_scopes(client, x):
    response = client.post("/accounts/twitter_oauth2/login/?next=/accounts/privacy/")

    assert response.status_code == 302
    where = urlsplit(response["Location"])
    assert f"{where.scheme}://{where.netloc}{where.path}" == f"{x.fake.url}/i/oauth2/authorize"
    query = {k: v[0] for k, v in parse_qs(where.query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == x.client_id
    assert query["redirect_uri"] == "http://testserver/accounts/twitter_oauth2/login/callback/"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256, unpadded
    assert set(query["scope"].split()) == {"users.read", "tweet.read", "follows.read", "offline.access"}
    assert query["state"]


def test_it_logs_a_new_member_in_and_reads_their_follow_graph(client, big_graph, login):
    x = big_graph
    response = login(next_url="/accounts/privacy/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/privacy/"
    user = get_user_model().objects.get(username="alice_rn")
    assert client.get("/accounts/privacy/").context["user"] == user
    # The code was exchanged with the PKCE verifier that matches the challenge X was shown.
    exchange = x.token_requests[0]
    assert exchange["grant_type"] == "authorization_code"
    assert _s256(exchange["code_verifier"]) == x.authorize_requests[0]["code_challenge"]
    assert any(path.startswith("/2/users/me?") for _, path in x.fake.requests)
    # Linked to a new Account with the profile X gave.
    account = Account.objects.get(id=int(ALICE_X_ID))
    assert account.member == user
    assert (account.handle, account.name, account.bio) == ("alice_rn", "Alice Nurse", "Ward sister. #WeNurses regular.")
    assert account.followers_count == 2300
    # Tokens kept, encrypted; allauth's plain-text copy not kept.
    token = XToken.objects.get(user=user)
    assert token.access_token in x.live_access_tokens(ALICE_X_ID)
    assert token.access_token not in token.access_token_cipher
    assert token.refresh_token and token.refresh_token not in token.refresh_token_cipher
    assert token.expires_at > timezone.now()
    assert not SocialToken.objects.exists()
    # The first read of the follow graph ran after login: every page of both lists.
    assert FollowEdge.objects.filter(followee_id=account.id).count() == BIG_FOLLOWERS + 1  # and bob
    assert FollowEdge.objects.filter(follower_id=account.id).count() == BIG_FOLLOWING
    pages = [p for _, p in x.fake.requests if p.startswith(f"/2/users/{ALICE_X_ID}/")]
    assert len([p for p in pages if "/followers?" in p]) == 3
    assert len([p for p in pages if "/following?" in p]) == 2
    assert sum("pagination_token=" in p for p in pages) == 3
    read = FollowGraphRead.objects.get(user=user)
    assert (read.phase, read.followers_count, read.following_count) == ("idle", BIG_FOLLOWERS + 1, BIG_FOLLOWING)


def test_it_links_an_account_the_archive_already_holds(x, login):
    account = Account.objects.create(id=int(ALICE_X_ID), handle="alice_old", bio="old bio")
    Tweet.objects.create(id=1, author=account, created_at=timezone.now(), text="#WeNurses hello")

    login()

    account.refresh_from_db()
    assert account.member.username == "alice_rn"
    assert (account.handle, account.bio) == ("alice_rn", "Ward sister. #WeNurses regular.")
    assert Account.objects.filter(member__isnull=False).count() == 1
    assert account.tweets.count() == 1


def test_it_logs_the_same_member_in_again_with_new_tokens(client, x, login):
    login()
    first = XToken.objects.get().access_token
    client.logout()

    login()

    assert get_user_model().objects.count() == 1
    assert SocialAccount.objects.count() == 1
    assert XToken.objects.get().access_token != first
    assert Account.objects.get(id=int(ALICE_X_ID)).member is not None


def test_it_shows_a_clear_page_when_the_member_cancels_at_x(client, x):
    x.log_in_at_x(ALICE_X_ID)
    start = client.post("/accounts/twitter_oauth2/login/")
    back = urlsplit(authorize_at_x(start["Location"], approve=False))

    response = client.get(back.path, parse_qs(back.query), follow=True)

    assert "Login cancelled" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not XToken.objects.exists()


def test_it_refuses_a_callback_without_the_state_it_sent(client, x):
    response = client.get("/accounts/twitter_oauth2/login/callback/", {"code": "stolen", "state": "forged"})

    assert "did not work" in response.content.decode()
    assert not x.token_requests
    assert not get_user_model().objects.exists()


def test_it_shows_log_in_with_x_on_the_login_page(client, x):
    response = client.get("/accounts/login/?next=/accounts/privacy/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Log in with X" in body
    assert 'action="/accounts/twitter_oauth2/login/?next=%2Faccounts%2Fprivacy%2F"' in body


def test_it_shows_the_members_handle_and_avatar_in_the_header(client, x, login):
    login()

    body = client.get("/accounts/privacy/").content.decode()

    assert "@alice_rn" in body
    assert f"https://pbs.twimg.com/profile_images/{ALICE_X_ID}/alice_rn_normal.jpg" in body


def test_it_has_no_password_sign_up(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
