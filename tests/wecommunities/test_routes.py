"""Only the account pages we use are routed: our login page, X's login and callback, logout and
allauth's social-login pages; none of its password, email or sign-up pages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/accounts/password/reset/", "/accounts/password/change/", "/accounts/password/set/", "/accounts/email/",
     "/accounts/confirm-email/", "/accounts/reauthenticate/", "/accounts/login/code/confirm/",
     "/accounts/social/connections/", "/accounts/social/signup/"],
)  # fmt: skip
def test_allauth_pages_we_do_not_use_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_pages_logging_in_with_x_uses_are_there(client, alice):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/accounts/signup/")["Location"] == "/accounts/login/"
    assert client.get("/accounts/3rdparty/login/cancelled/").status_code == 200
    assert client.get("/accounts/3rdparty/login/error/").status_code == 401  # its page, saying what failed
    assert client.get("/accounts/twitter_oauth2/login/callback/").status_code == 401  # no X login under way
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
